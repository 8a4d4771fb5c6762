package jp.tsunagu.vitals.imports;

import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

import jp.tsunagu.audit.AuditLog;
import jp.tsunagu.identity.AccountSummary;
import jp.tsunagu.identity.Accounts;
import jp.tsunagu.platform.Tile;
import jp.tsunagu.vitals.internal.VitalImport;

/**
 * The help desk's CSV import: upload a vendor's day export, watch it run, read what was stored and
 * which rows were not (row, column, what is wrong). A file that is no such CSV is refused on the
 * form with what to do, before anything starts; starting an import is audited.
 */
@Controller
@RequestMapping("/staff/vitals/imports")
class ImportsController {

	/** Larger than any day's export (10,000 rows are under 1 MB); the form says so. */
	static final long MAX_BYTES = 10L * 1024 * 1024;

	private final VitalImports imports;

	private final AuditLog audit;

	private final Accounts accounts;

	ImportsController(VitalImports imports, AuditLog audit, Accounts accounts) {
		this.imports = imports;
		this.audit = audit;
		this.accounts = accounts;
	}

	@GetMapping
	String form(Model model) {
		model.addAttribute("imports", imports.recent());
		return "vitals/imports";
	}

	@PostMapping
	String upload(@RequestParam(name = "file", required = false) @Nullable MultipartFile file, Principal staff,
			Model model, HttpServletResponse response) throws IOException {
		if (file == null || file.isEmpty()) {
			return refused(model, response, HttpStatus.BAD_REQUEST, "no-file", null);
		}
		if (file.getSize() > MAX_BYTES) {
			return refused(model, response, HttpStatus.CONTENT_TOO_LARGE, "too-large", null);
		}
		var name = fileName(file.getOriginalFilename());
		try {
			var started = imports.start(name, file.getBytes(), staff.getName());
			var id = started.vitalImport().id();
			if (started.begun()) {
				audit.record(staff.getName(), "vitals.import.started", id.toString(),
						name + " (" + started.vitalImport().total() + ") sha256 " + started.vitalImport().sha256());
			}
			return "redirect:/staff/vitals/imports/" + id;
		}
		catch (CsvUnreadable unreadable) {
			return refused(model, response, HttpStatus.BAD_REQUEST, unreadable.reason(), unreadable.detail());
		}
	}

	@GetMapping("/{id}")
	String show(@PathVariable String id, Model model) {
		var found = find(id);
		model.addAttribute("vitalImport", found);
		model.addAttribute("startedBy",
				accounts.findBySubject(found.startedBy()).map(AccountSummary::displayName).orElse(found.startedBy()));
		model.addAttribute("earlier", imports.earlier(found));
		model.addAttribute("errors", found.running() ? java.util.List.of() : imports.errors(found.id()));
		model.addAttribute("maxReported", VitalImports.MAX_REPORTED);
		return "vitals/import";
	}

	/** What the progress view's script asks every two seconds. */
	@GetMapping("/{id}/progress")
	ResponseEntity<Map<String, Object>> progress(@PathVariable String id) {
		var found = find(id);
		var body = new LinkedHashMap<String, Object>();
		body.put("status", found.status().name());
		body.put("total", found.total());
		body.put("done", found.done());
		body.put("stored", found.stored());
		body.put("already", found.already());
		body.put("bad", found.bad());
		body.put("percent", found.percent());
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
	}

	private VitalImport find(String id) {
		UUID uuid;
		try {
			uuid = UUID.fromString(id);
		}
		catch (IllegalArgumentException notAnId) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		return imports.find(uuid).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private String refused(Model model, HttpServletResponse response, HttpStatus status, String reason,
			@Nullable String detail) {
		response.setStatus(status.value());
		model.addAttribute("refused", "vitals-import.refused." + reason);
		model.addAttribute("refusedDetail", detail);
		return form(model);
	}

	/** The name the staff chose, without a path or control characters, as far as its column holds. */
	static String fileName(@Nullable String original) {
		var name = original == null ? "" : original;
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		name = name.replaceAll("[\\p{Cntrl}\\u2028\\u2029]", "").strip();
		if (name.isEmpty()) {
			name = "import.csv";
		}
		return name.length() <= 200 ? name : name.substring(0, 199) + "…";
	}

	@Bean
	static Tile vitalsImportTile() {
		return new Tile(Tile.Screen.STAFF, 45, "tile.vitals-import", "upload", "/staff/vitals/imports",
				Set.of("STAFF", "ADMIN"));
	}
}
