package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nnc.runtime.Regularizer;
import org.junit.jupiter.api.Test;

/** Callbacks driven with scripted logs, checked against Keras 3's documented behaviour. */
class CallbacksTest {
    final DenseNet net = new DenseNet(1, 1, "linear", "mse", 0, Regularizer.NONE);
    final List<String> messages = new ArrayList<>();

    TrainingContext context(Optimizer opt) {
        return new TrainingContext(net, opt, messages::add);
    }

    /** Runs the callback over the monitored values; returns the number of epochs before the stop. */
    static int run(Callback cb, TrainingContext ctx, String key, double... values) {
        cb.onTrainBegin(ctx);
        int e = 0;
        for (; e < values.length; e++) {
            Map<String, Double> logs = new HashMap<>();
            logs.put(key, values[e]);
            cb.onEpochEnd(e, logs, ctx);
            if (ctx.stopRequested()) return e + 1;
        }
        cb.onTrainEnd(ctx);
        return e;
    }

    @Test
    void earlyStoppingPatienceAndMinDelta() {
        // patience 0: stop at the first epoch without improvement (never after epoch 0)
        assertEquals(3, run(new EarlyStopping(), context(Optimizers.sgd()), "val_loss", 1.0, 0.9, 0.95, 0.5));
        // patience 2: the best is epoch 1; epochs 2 and 3 do not improve, so training stops after epoch 3
        assertEquals(4, run(new EarlyStopping("val_loss", 0, 2, "auto", false), context(Optimizers.sgd()), "val_loss",
                1.0, 0.8, 0.9, 0.85, 0.81, 0.1));
        // min_delta 0.1: 0.95 and 0.91 are not improvements on 1.0
        assertEquals(3, run(new EarlyStopping("val_loss", 0.1, 2, "auto", false), context(Optimizers.sgd()), "val_loss",
                1.0, 0.95, 0.91, 0.5));
        // accuracy is maximised in auto mode
        assertEquals(4, run(new EarlyStopping("val_accuracy", 0, 1, "auto", false), context(Optimizers.sgd()), "val_accuracy",
                0.5, 0.6, 0.7, 0.6, 0.9));
        // explicit min mode on accuracy stops at once when it rises
        assertEquals(2, run(new EarlyStopping("val_accuracy", 0, 0, "min", false), context(Optimizers.sgd()), "val_accuracy", 0.5, 0.6));
    }

    @Test
    void earlyStoppingRestoresBestWeightsAndReportsMissingMonitor() {
        TrainingContext ctx = context(Optimizers.sgd());
        EarlyStopping es = new EarlyStopping("loss", 0, 1, "auto", true);
        es.onTrainBegin(ctx);
        double[] losses = {3, 1, 2, 4};
        for (int e = 0; e < losses.length && !ctx.stopRequested(); e++) {
            net.kernel.value[0] = e; // weights of epoch e
            Map<String, Double> logs = new HashMap<>(Map.of("loss", losses[e]));
            es.onEpochEnd(e, logs, ctx);
        }
        es.onTrainEnd(ctx);
        assertEquals(1f, net.kernel.value[0], "weights of the best epoch (1)");
        assertEquals(List.of("Epoch 3: early stopping", "Restoring model weights from the end of the best epoch: 2."), messages);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(new EarlyStopping(), context(Optimizers.sgd()), "loss", 1.0));
        assertTrue(e.getMessage().contains("'val_loss'"));
    }

    @Test
    void reduceLrOnPlateau() {
        Optimizer opt = Optimizers.adam();
        TrainingContext ctx = context(opt);
        ReduceLROnPlateau r = new ReduceLROnPlateau("val_loss", 0.5, 2, "auto", 1e-4, 1, 0.0002);
        r.onTrainBegin(ctx);
        double[] vals = {1.0, 0.99995, 1.0, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
        // e1 no gain (below min_delta), e2 second -> halve, cooldown e3 (improves), e4/e5 plateau -> halve,
        // e6 cooldown, e7 -> max(0.000125, min_lr), e9 would reduce but the rate is already min_lr
        float[] expectedLr = {0.001f, 0.001f, 0.0005f, 0.0005f, 0.0005f, 0.00025f, 0.00025f, 0.0002f, 0.0002f, 0.0002f};
        List<Double> logged = new ArrayList<>();
        for (int e = 0; e < vals.length; e++) {
            Map<String, Double> logs = new HashMap<>(Map.of("val_loss", vals[e]));
            r.onEpochEnd(e, logs, ctx);
            logged.add(logs.get("learning_rate"));
            assertEquals(expectedLr[e], opt.learningRate(), 1e-9, "after epoch " + (e + 1));
        }
        assertEquals(0.001, logged.get(0), 1e-9, "learning_rate is logged before the reduction");
        assertTrue(messages.get(0).startsWith("Epoch 3: ReduceLROnPlateau reducing learning rate to 5.0E-4"), messages.get(0));
    }

    @Test
    void earlyStoppingBaselineStartEpochAndVerbose() {
        // baseline 0.5: improvements that stay above it do not reset the patience counter (Keras)
        assertEquals(3, run(new EarlyStopping("loss", 0, 2, "auto", false, 0.5, 0, 0), context(Optimizers.sgd()), "loss",
                1.0, 0.9, 0.95, 0.97, 0.96));
        assertEquals(4, run(new EarlyStopping("loss", 0, 2, "auto", false, null, 0, 0), context(Optimizers.sgd()), "loss",
                1.0, 0.9, 0.95, 0.97, 0.96));
        // ... and an epoch that improves never stops training, even past the patience
        assertEquals(5, run(new EarlyStopping("loss", 0, 2, "auto", false, 0.5, 0, 0), context(Optimizers.sgd()), "loss",
                1.0, 0.9, 0.8, 0.7, 0.4));
        // start_from_epoch 2: the first two epochs are not looked at
        assertEquals(5, run(new EarlyStopping("loss", 0, 1, "auto", false, null, 2, 0), context(Optimizers.sgd()), "loss",
                1.0, 2.0, 3.0, 2.5, 4.0, 1.0));
        assertEquals(List.of(), messages, "verbose 0 is silent");
        Callback keras = Specs.callback("early_stopping", java.util.Map.of("patience", 0));
        assertEquals(3, run(keras, context(Optimizers.sgd()), "val_loss", 1.0, 0.5, 0.7));
        assertEquals(List.of(), messages, "Keras' default verbose is 0");
    }
}
