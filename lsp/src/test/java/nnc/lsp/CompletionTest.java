package nnc.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.Position;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Completion in half-typed text, with the checker's catalogue as the independent reference. */
class CompletionTest {
    private static final String URI = "file:///tmp/completion.nn";
    private InProcessClient client;

    @BeforeEach
    void start() throws Exception {
        client = new InProcessClient();
    }

    @AfterEach
    void stop() {
        client.close();
    }

    private List<String> labelsAt(String text, String marker) throws Exception {
        String withoutMarker = text.replace(marker, "");
        client.open(URI, withoutMarker);
        Position p = InProcessClient.positionOf(text, marker, 1);
        return client.complete(URI, p.getLine(), p.getCharacter()).stream().map(CompletionItem::getLabel).toList();
    }

    @Test
    void afterDenseParenOffersItsArgumentNames() throws Exception {
        List<String> labels = labelsAt("model M {\n    input x: [4]\n    dense(§\n}\n", "§");
        assertTrue(labels.contains("units"), labels.toString());
        assertTrue(labels.contains("activation"), labels.toString());
        assertTrue(labels.contains("use_bias"), labels.toString());
        // The arguments of the checker's catalogue, every one of them, in Keras order.
        List<String> catalogue = nnc.check.catalogue.Layers.get("dense").args().stream().map(a -> a.name()).toList();
        assertEquals(catalogue, labels.stream().filter(catalogue::contains).toList());
    }

    @Test
    void argumentsAlreadyGivenAreNotOfferedAgain() throws Exception {
        List<String> labels = labelsAt("model M {\n    input x: [4]\n    dense(3, use_bias = false, §)\n}\n", "§");
        assertFalse(labels.contains("units"), "units was given by position: " + labels);
        assertFalse(labels.contains("use_bias"), "use_bias was given by name: " + labels);
        assertTrue(labels.contains("activation"), labels.toString());
    }

    @Test
    void secondPositionalArgumentOfDenseOffersActivations() throws Exception {
        List<String> labels = labelsAt("model M {\n    input x: [4]\n    dense(3, §\n}\n", "§");
        assertTrue(labels.contains("relu"), labels.toString());
        assertTrue(labels.contains("softmax"), labels.toString());
    }

    @Test
    void enumArgumentOffersItsChoices() throws Exception {
        List<String> labels = labelsAt("model M {\n    input x: [8, 8, 1]\n    conv2d(4, 3, padding = §)\n}\n", "§");
        assertEquals(nnc.check.catalogue.Layers.get("conv2d").arg("padding").choices(), labels);
    }

    @Test
    void activationArgumentOffersActivationsWhileTyped() throws Exception {
        List<String> labels = labelsAt("model M {\n    input x: [4]\n    dense(3, activation = so§\n}\n", "§");
        assertTrue(labels.contains("softmax"), labels.toString());
        assertTrue(labels.contains("sigmoid"), labels.toString());
        assertTrue(labels.contains("swish"), "written in the stdlib: " + labels);
        assertFalse(labels.contains("units"), labels.toString());
    }

    @Test
    void modelBodyOffersLayersAndTheFilesOwnModels() throws Exception {
        List<String> labels = labelsAt("model Enc {\n    input x: [4]\n    dense(2)\n}\n"
                + "model M {\n    input x: [4]\n    §\n}\n", "§");
        for (String expected : List.of("dense", "conv2d", "lstm", "flatten", "Enc", "input", "let")) {
            assertTrue(labels.contains(expected), expected + " missing from " + labels);
        }
    }

    @Test
    void topLevelOffersDeclarationKeywords() throws Exception {
        List<String> labels = labelsAt("mo§", "§");
        assertTrue(labels.containsAll(List.of("model", "layer", "fn", "data", "train")), labels.toString());
        assertFalse(labels.contains("dense"), labels.toString());
    }

    @Test
    void nothingInsideCommentsOrStrings() throws Exception {
        assertEquals(List.of(), labelsAt("// dense(§\nmodel M { input x: [4] }\n", "§"));
        assertEquals(List.of(), labelsAt("data D = csv(\"de§\") { x = images }\n", "§"));
    }

    private static final String TRAIN_HEAD = "model M {\n    input x: [4]\n    dense(3, softmax)\n}\n"
            + "data D = csv(\"d.csv\") { x = columns(a, b, c, d)  y = column(e) |> onehot(3) }\n";

    @Test
    void trainBlockOffersTheSettingsNotWrittenYet() throws Exception {
        List<String> labels = labelsAt(TRAIN_HEAD + "train M on D {\n    loss = mse\n    §\n}\n", "§");
        assertTrue(labels.containsAll(List.of("optimizer", "epochs", "batch_size", "metrics")), labels.toString());
        assertFalse(labels.contains("loss"), "loss is already set: " + labels);
    }

    @Test
    void lossOptimizerAndMetricSettingsOfferTheCataloguesNames() throws Exception {
        List<String> losses = labelsAt(TRAIN_HEAD + "train M on D {\n    loss = §\n}\n", "§");
        assertTrue(losses.containsAll(nnc.check.catalogue.Training.LOSSES.keySet()), losses.toString());
        List<String> optimizers = labelsAt(TRAIN_HEAD + "train M on D {\n    optimizer = §\n}\n", "§");
        assertTrue(optimizers.containsAll(nnc.check.catalogue.Training.OPTIMIZERS.keySet()), optimizers.toString());
        assertFalse(optimizers.contains("mse"), optimizers.toString());
        List<String> metrics = labelsAt(TRAIN_HEAD + "train M on D {\n    metrics = [accuracy, §]\n}\n", "§");
        assertTrue(metrics.contains("precision"), metrics.toString());
        List<String> adamArgs = labelsAt(TRAIN_HEAD + "train M on D {\n    optimizer = adam(§)\n}\n", "§");
        assertTrue(adamArgs.containsAll(List.of("learning_rate", "beta_1", "beta_2")), adamArgs.toString());
    }

    @Test
    void dataDeclarationsOfferSourcesThenTransforms() throws Exception {
        List<String> sources = labelsAt("data D = §", "§");
        assertTrue(sources.containsAll(nnc.check.catalogue.DataCatalogue.SOURCES.keySet()), sources.toString());
        List<String> transforms = labelsAt("data D = csv(\"d.csv\") {\n    x = columns(a, b) |> §\n}\n", "§");
        assertTrue(transforms.containsAll(nnc.check.catalogue.DataCatalogue.TRANSFORMS.keySet()), transforms.toString());
        assertFalse(transforms.contains("dense"), transforms.toString());
        List<String> inModel = labelsAt("model M {\n    input x: [4]\n    let h = x |> §\n}\n", "§");
        assertTrue(inModel.contains("dense"), inModel.toString());
    }

    @Test
    void signatureHelpHighlightsTheArgumentBeingWritten() throws Exception {
        String text = "model M {\n    input x: [8, 8, 1]\n    conv2d(4, 3, padding = same, §\n}\n";
        client.open(URI, text.replace("§", ""));
        Position p = InProcessClient.positionOf(text, "§", 1);
        var help = client.signatureHelp(URI, p.getLine(), p.getCharacter());
        var sig = help.getSignatures().get(0);
        assertTrue(sig.getLabel().startsWith("conv2d(filters, kernel_size"), sig.getLabel());
        List<String> args = nnc.check.catalogue.Layers.get("conv2d").args().stream().map(a -> a.name()).toList();
        assertEquals(args.size(), sig.getParameters().size());
        // filters and kernel_size by position, padding by name: the next one is strides.
        assertEquals(args.indexOf("strides"), help.getActiveParameter());

        String named = "model M {\n    input x: [4]\n    dense(3, use_bias = §\n}\n";
        client.change(URI, 2, named.replace("§", ""));
        Position q = InProcessClient.positionOf(named, "§", 1);
        var h2 = client.signatureHelp(URI, q.getLine(), q.getCharacter());
        List<String> denseArgs = nnc.check.catalogue.Layers.get("dense").args().stream().map(a -> a.name()).toList();
        assertEquals(denseArgs.indexOf("use_bias"), h2.getActiveParameter());
    }
}
