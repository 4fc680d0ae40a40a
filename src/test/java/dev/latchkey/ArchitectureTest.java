package dev.latchkey;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package map in the README, enforced: the packages form a DAG, a repository is SQL for its own feature only,
 * the infrastructure at the bottom (core, db, cluster, web) knows no feature, and nothing but app knows app.
 * Runs on the production classes only; it needs no database.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.latchkey");

    /** Below every feature: these may use each other (downwards) but no feature and not app. */
    private static final String[] INFRASTRUCTURE = {"dev.latchkey.core..", "dev.latchkey.db..", "dev.latchkey.cluster..",
            "dev.latchkey.web.."};

    /** Any Latchkey class that is neither infrastructure nor app: a feature, including ones added later. */
    private static final DescribedPredicate<JavaClass> A_FEATURE = resideInAPackage("dev.latchkey..")
            .and(DescribedPredicate.not(resideInAnyPackage(INFRASTRUCTURE)))
            .and(DescribedPredicate.not(resideInAPackage("dev.latchkey.app..")))
            .as("a feature package");

    @Test
    void the_packages_form_a_graph_without_cycles() {
        slices().matching("dev.latchkey.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void only_app_knows_app() {
        noClasses().that().resideOutsideOfPackage("dev.latchkey.app..")
                .should().dependOnClassesThat().resideInAPackage("dev.latchkey.app..").check(CLASSES);
    }

    @Test
    void web_and_the_other_infrastructure_know_no_feature() {
        noClasses().that().resideInAnyPackage(INFRASTRUCTURE).should().dependOnClassesThat(A_FEATURE).check(CLASSES);
    }

    @Test
    void core_knows_no_other_latchkey_package() {
        noClasses().that().resideInAPackage("dev.latchkey.core..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.latchkey.db..", "dev.latchkey.cluster..", "dev.latchkey.web..").check(CLASSES);
    }

    @Test
    void db_knows_only_core() {
        noClasses().that().resideInAPackage("dev.latchkey.db..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.latchkey.cluster..", "dev.latchkey.web..").check(CLASSES);
    }

    @Test
    void a_repository_is_used_only_inside_its_own_package() {
        classes().that().haveSimpleNameEndingWith("Repository").should(onlyBeUsedInTheirOwnPackage()).check(CLASSES);
    }

    private static ArchCondition<JavaClass> onlyBeUsedInTheirOwnPackage() {
        return new ArchCondition<>("be used only by classes of their own package") {
            @Override
            public void check(JavaClass repository, ConditionEvents events) {
                for (Dependency d : repository.getDirectDependenciesToSelf()) {
                    boolean foreign = !d.getOriginClass().getPackageName().equals(repository.getPackageName());
                    if (foreign) events.add(SimpleConditionEvent.violated(d, d.getDescription()));
                }
            }
        };
    }
}
