package jp.tsunagu;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Module boundaries hold (no module reaches into another's internals, no cycles); docs are regenerated. */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(Tsunagu.class);

	@Test
	void whenModulesAreAnalysedThenBoundariesHold() {
		MODULES.verify();
	}

	/**
	 * Persistence one way: SQL only in each module's internal repositories (and in migrations). The
	 * shared platform's web edge may look at JDBC (session store, telling a dropped connection).
	 */
	@Test
	void whenAClassOutsideAModulesInternalsTouchesTheDatabaseThenTheBuildFails() {
		var classes = new com.tngtech.archunit.core.importer.ClassFileImporter()
			.withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("jp.tsunagu");
		com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
			.that().resideOutsideOfPackages("..internal..", "jp.tsunagu.platform")
			.should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc.core..", "java.sql..")
			.because("SQL lives in each module's internal repositories (issue 15, docs/architecture.md)")
			.check(classes);
	}

	@Test
	void whenDocumentedThenModuleCanvasesAndDiagramsAreWritten() {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
	}
}
