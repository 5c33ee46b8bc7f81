package nnc.check.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nnc.check.DType;
import nnc.check.Shape;
import nnc.check.Value;
import org.junit.jupiter.api.Test;

/** Shape rules and parameter counts of the catalogue against Keras 3's numbers, worked out by hand. */
class LayersTest {

    /** Binds arguments like the checker does: defaults first, then the given ones by name. */
    static Args args(String layer, Object... kv) {
        LayerSpec spec = Layers.get(layer);
        Map<String, Value> m = new LinkedHashMap<>();
        for (ArgSpec a : spec.args()) m.put(a.name(), a.defaultValue() == null ? Value.NONE : a.defaultValue());
        for (int k = 0; k < kv.length; k += 2) {
            Object v = kv[k + 1];
            Value val = v instanceof Integer n ? new Value.Int(n) : v instanceof Double d ? new Value.Real(d)
                    : v instanceof Boolean b ? new Value.Bool(b) : v instanceof Value vv ? vv : new Value.Sym((String) v);
            m.put((String) kv[k], val);
        }
        return new Args(m);
    }

    static LayerSpec.Result apply(String layer, Shape in, Object... kv) throws ShapeError {
        return Layers.get(layer).apply(List.of(in), args(layer, kv));
    }

    static long count(LayerSpec.Result r) {
        return r.params().stream().mapToLong(ParamSpec::count).sum();
    }

    @Test
    void tavenardMlpHas283Parameters() throws ShapeError {
        var h = apply("dense", Shape.of(10), "units", 20, "activation", "relu");
        var o = apply("dense", h.output(), "units", 3, "activation", "softmax");
        assertEquals(Shape.of(20), h.output());
        assertEquals(220, count(h)); // 10 * 20 + 20
        assertEquals(63, count(o)); // 20 * 3 + 3
    }

    @Test
    void leNet5MatchesKeras() throws ShapeError {
        var c1 = apply("conv2d", Shape.of(32, 32, 1), "filters", 6, "kernel_size", 5, "activation", "relu");
        assertEquals("(None, 28, 28, 6)", c1.output().keras());
        assertEquals(156, count(c1)); // 5*5*1*6 + 6
        var p1 = apply("maxpool2d", c1.output(), "pool_size", 2);
        assertEquals(Shape.of(14, 14, 6), p1.output());
        var c2 = apply("conv2d", p1.output(), "filters", 16, "kernel_size", 5);
        assertEquals(2416, count(c2)); // 5*5*6*16 + 16
        var p2 = apply("maxpool2d", c2.output());
        assertEquals(Shape.of(5, 5, 16), p2.output());
        var fl = apply("flatten", p2.output());
        assertEquals(Shape.of(400), fl.output());
        assertEquals(48120, count(apply("dense", fl.output(), "units", 120))); // 400*120 + 120
        assertEquals(10164, count(apply("dense", Shape.of(120), "units", 84))); // 120*84 + 84
        assertEquals(850, count(apply("dense", Shape.of(84), "units", 10))); // 84*10 + 10
        assertEquals(List.of(5, 5, 1, 6), c1.params().get(0).shape());
    }

    @Test
    void recurrentCountsFollowKeras() throws ShapeError {
        // LSTM(32) on 1 feature: 4 * (32 * (1 + 32) + 32) = 4352
        var l = apply("lstm", Shape.of(7, 1), "units", 32);
        assertEquals(4352, count(l));
        assertEquals(Shape.of(32), l.output());
        assertEquals(List.of(1, 128), l.params().get(0).shape());
        // GRU(32), reset_after: 3 * 32 * (1 + 32) + 2 * 3 * 32 = 3360, bias [2, 96]
        var g = apply("gru", Shape.of(7, 1), "units", 32);
        assertEquals(3360, count(g));
        assertEquals(List.of(2, 96), g.params().get(2).shape());
        // reset_after = false: bias [96] only -> 3264
        assertEquals(3264, count(apply("gru", Shape.of(7, 1), "units", 32, "reset_after", false)));
        // SimpleRNN(16) on 32 features, sequences: 32*16 + 16*16 + 16 = 784
        var s = apply("simple_rnn", Shape.of(256, 32), "units", 16, "return_sequences", true);
        assertEquals(784, count(s));
        assertEquals(Shape.of(256, 16), s.output());
    }

    @Test
    void bidirectionalDoublesTheWrappedLayer() throws ShapeError {
        Value inner = new Value.Layer("lstm", args("lstm", "units", 16).asMap());
        var r = apply("bidirectional", Shape.of(10, 8), "layer", inner);
        assertEquals(3200, count(r)); // 2 * 4 * (16 * (8 + 16) + 16)
        assertEquals(Shape.of(32), r.output());
        assertEquals("forward_lstm.kernel", r.params().get(0).name());
        assertEquals("backward_lstm.bias", r.params().get(5).name());
        assertEquals(Shape.of(16), apply("bidirectional", Shape.of(10, 8), "layer", inner, "merge_mode", "sum").output());
    }

    @Test
    void embeddingNeedsIntIds() throws ShapeError {
        var e = apply("embedding", new Shape(List.of(256), DType.INT32), "input_dim", 10000, "output_dim", 32);
        assertEquals(320000, count(e));
        assertEquals(Shape.of(256, 32), e.output());
        assertThrows(ShapeError.class, () -> apply("embedding", Shape.of(256), "input_dim", 10, "output_dim", 2));
    }

    @Test
    void batchnormMovingStatisticsAreNonTrainable() throws ShapeError {
        var r = apply("batchnorm", Shape.of(20));
        assertEquals(80, count(r));
        assertEquals(40, r.params().stream().filter(ParamSpec::trainable).mapToLong(ParamSpec::count).sum());
        assertEquals(List.of("gamma", "beta", "moving_mean", "moving_variance"),
                r.params().stream().map(ParamSpec::name).toList());
    }

    @Test
    void convolutionArithmetic() throws ShapeError {
        assertEquals(Shape.of(14, 14, 8), apply("conv2d", Shape.of(28, 28, 1), "filters", 8, "kernel_size", 3,
                "strides", 2, "padding", "same").output());
        assertEquals(Shape.of(13, 13, 8), apply("conv2d", Shape.of(28, 28, 1), "filters", 8, "kernel_size", 3,
                "strides", 2).output());
        assertEquals(Shape.of(14, 14, 4), apply("conv2d_transpose", Shape.of(7, 7, 8), "filters", 4, "kernel_size", 3,
                "strides", 2, "padding", "same").output());
        // valid: 7 * 2 + max(3 - 2, 0) = 15; kernel [3, 3, filters, in_ch]
        var t = apply("conv2d_transpose", Shape.of(7, 7, 8), "filters", 4, "kernel_size", 3, "strides", 2);
        assertEquals(Shape.of(15, 15, 4), t.output());
        assertEquals(List.of(3, 3, 4, 8), t.params().get(0).shape());
        assertEquals(Shape.of(9, 16), apply("conv1d", Shape.of(10, 4), "filters", 16, "kernel_size", 2).output());
        assertEquals(Shape.of(16), apply("global_avgpool2d", Shape.of(5, 5, 16)).output());
        assertEquals(Shape.of(20, 3), apply("upsampling1d", Shape.of(10, 3)).output());
        ShapeError e = assertThrows(ShapeError.class,
                () -> apply("conv2d", Shape.of(3, 3, 1), "filters", 2, "kernel_size", 5));
        assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
        assertThrows(ShapeError.class, () -> apply("conv2d", Shape.of(784), "filters", 2, "kernel_size", 3));
    }

    @Test
    void reshapeKeepsTheElementCount() throws ShapeError {
        Value t = new Value.ListV(List.of(new Value.Int(28), new Value.Int(-1), new Value.Int(1)));
        assertEquals(Shape.of(28, 28, 1), apply("reshape", Shape.of(784), "target_shape", t).output());
        Value bad = new Value.ListV(List.of(new Value.Int(27), new Value.Int(28)));
        assertThrows(ShapeError.class, () -> apply("reshape", Shape.of(784), "target_shape", bad));
    }

    @Test
    void mergesAndBroadcasting() throws ShapeError {
        var c = Layers.get("concat").apply(List.of(Shape.of(4, 3), Shape.of(4, 5)), args("concat"));
        assertEquals(Shape.of(4, 8), c.output());
        assertThrows(ShapeError.class, () -> Layers.get("add").apply(List.of(Shape.of(3), Shape.of(4)), args("add")));
        assertEquals(List.of(4, 3), Layers.broadcast(List.of(4, 1), List.of(3)));
        assertEquals(null, Layers.broadcast(List.of(4), List.of(3)));
    }
}
