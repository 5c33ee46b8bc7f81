package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import nnc.runtime.Parameter;
import nnc.runtime.Regularizer;
import org.junit.jupiter.api.Test;

class SpecsTest {
    /** One step on w = 1 with g = 1; returns the new weight. */
    static float oneStep(Optimizer o) {
        Parameter p = Parameter.trainable("w", new int[] {1}, null, null);
        p.value[0] = 1;
        p.grad[0] = 1;
        o.step(List.of(p));
        return p.value[0];
    }

    @Test
    void optimizersWithDefaultsAndArguments() {
        assertEquals(0.99f, oneStep(Specs.optimizer("sgd", Map.of())), 1e-7f);
        assertEquals(0.9f, oneStep(Specs.optimizer("sgd", Map.of("learning_rate", 0.1))), 1e-7f);
        // first Adam step moves by lr * g / (|g| + eps) ~ lr
        assertEquals(1 - 0.01f, oneStep(Specs.optimizer("adam", Map.of("learning_rate", 0.01, "amsgrad", true))), 1e-6f);
        assertEquals(1 - 0.001f, oneStep(Specs.optimizer("adam", Map.of())), 1e-6f);
        Optimizer withSchedule = Specs.optimizer("sgd", Map.of("learning_rate",
                Specs.schedule("exponential_decay", Map.of("initial_learning_rate", 0.5, "decay_steps", 1, "decay_rate", 0.5))));
        assertEquals(0.5f, oneStep(withSchedule), 1e-7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Specs.optimizer("adam", Map.of("beta1", 0.8)));
        assertEquals("optimizer adam has no argument 'beta1'; its arguments are learning_rate, beta_1, beta_2, epsilon, amsgrad", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Specs.optimizer("adamw", Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Specs.optimizer("sgd", Map.of("nesterov", 1)));
        assertThrows(IllegalArgumentException.class, () -> Specs.schedule("exponential_decay", Map.of("decay_steps", 1)));
    }

    @Test
    void callbacksAndRegularizers() {
        Callback es = Specs.callback("early_stopping", Map.of("monitor", "val_accuracy", "patience", 10, "restore_best_weights", true));
        assertEquals("val_accuracy", es.monitor());
        assertEquals("val_loss", Specs.callback("reduce_on_plateau", Map.of()).monitor());
        assertThrows(IllegalArgumentException.class, () -> Specs.callback("early_stopping", Map.of("patient", 3)));
        assertEquals(Regularizer.l2(0.01f), Specs.regularizer("l2", Map.of()));
        nnc.runtime.Tensor y = nnc.runtime.Tensor.of(new float[] {0}, 1, 1), p = nnc.runtime.Tensor.of(new float[] {3}, 1, 1);
        assertEquals(2 * 3 - 0.5 * 4, Specs.loss("huber", Map.of("delta", 2.0)).value(y, p, 1), 1e-9);
        assertEquals(9, Specs.loss("mean_squared_error", Map.of()).value(y, p, 1), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Specs.loss("mse", Map.of("delta", 1.0)));
        assertEquals(Regularizer.l1l2(0.1f, 0.2f), Specs.regularizer("l1_l2", Map.of("l1", 0.1, "l2", 0.2)));
    }
}
