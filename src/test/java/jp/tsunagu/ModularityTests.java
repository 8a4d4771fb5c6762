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

	@Test
	void whenDocumentedThenModuleCanvasesAndDiagramsAreWritten() {
		new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("docs/modules"))
			.writeModulesAsPlantUml()
			.writeIndividualModulesAsPlantUml()
			.writeModuleCanvases();
	}
}
