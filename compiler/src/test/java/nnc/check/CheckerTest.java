package nnc.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.syntax.Diagnostic;
import nnc.syntax.SourceFile;
import org.junit.jupiter.api.Test;

/** The public checker API as the language server and the IR lowering use it. */
class CheckerTest {

    static CheckResult check(String text) {
        return Checker.check(new SourceFile("test.nn", text));
    }

    static CheckResult ok(String text) {
        CheckResult r = check(text);
        assertTrue(r.ok(), () -> "unexpected diagnostics: " + r.diagnostics());
        return r;
    }

    @Test
    void mlpInstancesParamsAndShapes() {
        CheckResult r = ok("model Mlp {\n  input x: [10]\n  dense(20, relu)\n  dense(3, softmax)\n}\n");
        CheckedModel m = r.program().model("Mlp").orElseThrow();
        assertEquals(List.of("dense", "dense_1"), m.layers().stream().map(LayerInstance::name).toList());
        assertEquals(283, m.totalParams());
        assertEquals(List.of("dense.kernel", "dense.bias", "dense_1.kernel", "dense_1.bias"),
                m.params().stream().map(ParamInfo::name).toList());
        assertEquals(List.of(10, 20), m.params().get(0).shape());
        LayerInstance d1 = m.layers().get(1);
        assertEquals(new Value.Int(3), d1.arg("units"));
        assertEquals(new Value.Sym("softmax"), d1.arg("activation"));
        assertEquals(new Value.Bool(true), d1.arg("use_bias"));
        assertEquals(new Value.Sym("glorot_uniform"), d1.arg("kernel_initializer"));
        assertEquals(List.of(new Operand.Tensor("dense")), d1.inputs());
        assertEquals("softmax", m.output().activation());
        assertEquals(Shape.of(3), m.output().shape());
        assertTrue(m.sequential());
        assertEquals(DType.FLOAT32, m.inputs().get(0).shape().dtype());
    }

    @Test
    void nestedModelParamNamesArePrefixed() {
        CheckResult r = ok("""
                model Encoder { input x: [8]  dense(4, relu) }
                model Ae { input x: [8]  let c = x |> Encoder  output c |> dense(8, sigmoid) as out }
                """);
        CheckedModel ae = r.program().model("Ae").orElseThrow();
        assertEquals(List.of("encoder.dense.kernel", "encoder.dense.bias", "out.kernel", "out.bias"),
                ae.params().stream().map(ParamInfo::name).toList());
        LayerInstance enc = ae.layers().get(0);
        assertEquals(LayerInstance.Kind.MODEL, enc.kind());
        assertEquals("Encoder", enc.nested().name());
        assertEquals("Functional", enc.kerasClass());
    }

    @Test
    void bidirectionalParamNamesFollowKeras() {
        CheckResult r = ok("model B { input x: [5, 3]  bidirectional(lstm(4)) }");
        List<String> names = r.program().model("B").orElseThrow().params().stream().map(ParamInfo::name).toList();
        assertEquals("bidirectional.forward_lstm.kernel", names.get(0));
        assertEquals("bidirectional.backward_lstm.bias", names.get(5));
    }

    @Test
    void batchnormStatisticsAreNotTrainable() {
        CheckedModel m = ok("model N { input x: [6]  batchnorm }").program().model("N").orElseThrow();
        assertEquals(24, m.totalParams());
        assertEquals(12, m.trainableParams());
        assertEquals(12, m.nonTrainableParams());
        assertFalse(m.params().get(2).trainable());
        assertEquals("batch_normalization.moving_mean", m.params().get(2).name());
    }

    @Test
    void syntaxErrorsStopTheChecker() {
        CheckResult r = check("model A {\n  input x: [10]\n  dense(20 relu)\n  desne(3)\n}\n");
        assertFalse(r.ok());
        assertTrue(r.diagnostics().stream().allMatch(Diagnostic::isSyntax), () -> r.diagnostics().toString());
    }

    @Test
    void severalErrorsAreReportedAtOnce() {
        CheckResult r = check("model A { input x: [10]  desne(3) }\nmodel B { input x: [4]  dropout(2.0) }\n");
        assertEquals(2, r.errors().size(), () -> r.diagnostics().toString());
        assertEquals("check.unknown-layer", r.errors().get(0).code());
        assertEquals("did you mean 'dense'?", r.errors().get(0).hint());
        assertEquals("check.arg-range", r.errors().get(1).code());
    }

    @Test
    void spanIndexFindsLayersAndDefinitions() {
        String text = "model Encoder { input x: [8]  dense(4, relu) }\nmodel Top {\n  input x: [8]\n  x |> Encoder\n}\n";
        CheckResult r = ok(text);
        int at = text.indexOf("dense(4");
        SpanIndex.LayerEntry e = r.index().layerAt(at + 2).orElseThrow();
        assertEquals("dense", e.layer().name());
        assertEquals("Encoder", e.model());
        assertEquals(36, e.layer().paramCount());
        int use = text.indexOf("Encoder\n}");
        SpanIndex.Symbol s = r.index().definitionAt(use + 1).orElseThrow();
        assertEquals(SpanIndex.SymbolKind.MODEL, s.kind());
        assertEquals(1, s.definition().line());
        assertNotNull(r.index().layerAt(4, 8).orElseThrow().layer().nested());
    }

    @Test
    void userFnAndLayer() {
        CheckResult r = ok("""
                fn swish(x) = x * sigmoid(x)
                layer lin(x: [..., n], units: int) -> [..., units] {
                    param w: [n, units] = glorot_uniform
                    x @ w
                }
                model U { input x: [3, 5]  lin(7)  dense(2, swish) }
                """);
        CheckedModel u = r.program().model("U").orElseThrow();
        LayerInstance lin = u.layers().get(0);
        assertEquals(LayerInstance.Kind.USER_LAYER, lin.kind());
        assertEquals(Shape.of(3, 7), lin.outputShape());
        assertEquals(List.of(5, 7), lin.params().get(0).shape());
        assertEquals(new Value.Int(5), lin.arg("n"));
        assertEquals(new Value.Sym("swish"), u.layers().get(1).arg("activation"));
        assertTrue(r.program().fn("swish").isPresent());
        assertTrue(r.program().layerDecl("lin").isPresent());
    }

    @Test
    void arithmeticBroadcastsAndRecordsOperands() {
        CheckedModel m = ok("model A { input a: [5, 3]  input b: [3]  output a * b + 1 }").program().model("A").orElseThrow();
        LayerInstance add = m.layers().get(1);
        assertEquals(LayerInstance.Kind.OP, add.kind());
        assertEquals("+", add.type());
        assertEquals(List.of(new Operand.Tensor("multiply"), new Operand.Constant(1)), add.inputs());
        assertEquals(Shape.of(5, 3), add.outputShape());
        assertFalse(m.sequential());
    }

    @Test
    void trainSpecIsResolvedWithKerasDefaults(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("d.csv"), "a,b,t\n1,2,0.5\n3,4,0.7\n");
        java.nio.file.Path nn = dir.resolve("p.nn");
        java.nio.file.Files.writeString(nn, """
                data D = csv("d.csv") { x = columns(a, b) |> standardize  y = column(t) }
                model M { input x: [2]  dense(1) }
                train M on D {
                    loss = mean_squared_error
                    optimizer = adam(learning_rate = 0.01)
                    metrics = [mae]
                    validation_split = 0.25
                    callbacks = [early_stopping(patience = 3)]
                }
                """);
        CheckResult r = Checker.check(SourceFile.read(nn));
        assertTrue(r.ok(), () -> r.diagnostics().toString());
        TrainSpec t = r.program().trainFor("M").orElseThrow();
        assertEquals("mse", t.loss().name());
        assertEquals("adam", t.optimizer().name());
        assertEquals(new Value.Real(0.01), t.optimizer().args().get("learning_rate"));
        assertEquals(new Value.Real(0.999), t.optimizer().args().get("beta_2"));
        assertEquals(List.of("mae"), t.metrics());
        assertEquals(1, t.epochs());
        assertEquals(32, t.batchSize());
        assertEquals(0.25, t.validationSplit());
        assertTrue(t.shuffle());
        assertEquals(null, t.seed());
        assertEquals(new Value.Int(3), t.callbacks().get(0).args().get("patience"));
        assertEquals(new Value.Sym("val_loss"), t.callbacks().get(0).args().get("monitor"));
        assertEquals(java.util.Map.of("x", "x"), t.inputBindings());
        assertEquals("y", t.target());
        CheckedData d = r.program().data("D").orElseThrow();
        assertEquals(dir.resolve("d.csv"), d.files().get("path"));
        assertEquals(Shape.of(2), d.binding("x").orElseThrow().shape());
        assertEquals(List.of("columns", "standardize"), d.binding("x").orElseThrow().steps().stream().map(TransformStep::name).toList());
        assertEquals(List.of(), d.binding("y").orElseThrow().shape().dims());
    }

    @Test
    void functionalSummaryShowsInputsAndConnections() {
        CheckedModel m = ok("model F { input a: [4]  input b: [4]  output add(a, b) |> dense(2) }").program().model("F").orElseThrow();
        String s = Summary.render(m);
        assertTrue(s.contains("Connected to"), s);
        assertTrue(s.contains("a (InputLayer)"), s);
        assertTrue(s.contains("a[0][0], b[0][0]"), s);
        assertTrue(s.contains(" Total params: 10 (40.00 B)"), s);
    }

    @Test
    void didYouMeanHints(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("d.csv"), "a,b,label\n1,2,0\n");
        java.nio.file.Path nn = dir.resolve("h.nn");
        java.nio.file.Files.writeString(nn, """
                data D = csv("d.csv") { x = columns(a, b)  y = column(lable) |> onehot(2) }
                model A { input x: [2]  dense(4, activation = sigmoud)  desne(2)  conv2d(2, 3, paddin = same) }
                model B { input x: [2]  dense(2, softmax) }
                train B on D { loss = categorical_crossentropi  optimizer = adom  metrics = [accurcy]  epochz = 3 }
                """);
        CheckResult r = Checker.check(SourceFile.read(nn));
        java.util.Map<String, String> hints = new java.util.HashMap<>();
        for (Diagnostic d : r.errors()) hints.put(d.message(), d.hint());
        assertEquals("did you mean 'label'?", hints.get("the csv file has no column 'lable'"), hints.toString());
        assertEquals("did you mean 'sigmoid'?", hints.get("unknown activation 'sigmoud'"), hints.toString());
        assertEquals("did you mean 'dense'?", hints.get("unknown layer 'desne'"), hints.toString());
        assertEquals("did you mean 'padding'?", hints.get("conv2d has no argument 'paddin'"), hints.toString());
        assertEquals("did you mean 'categorical_crossentropy'?", hints.get("unknown loss 'categorical_crossentropi'"), hints.toString());
        assertEquals("did you mean 'adam'?", hints.get("unknown optimizer 'adom'"), hints.toString());
        assertEquals("did you mean 'accuracy'?", hints.get("unknown metric 'accurcy'"), hints.toString());
        assertEquals("did you mean 'epochs'?", hints.get("unknown train setting 'epochz'"), hints.toString());
    }
}
