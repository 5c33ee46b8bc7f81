package nnc.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

/** The warm-up runs every shape it lists without failing (a failure would only be swallowed at run time). */
class WarmupTest {
    @Test
    void everyShapeRuns() {
        assertDoesNotThrow(Warmup::runOrThrow);
    }
}
