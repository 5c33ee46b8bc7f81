package nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The descriptor of a built jar survives writing and reading, with every kind of step argument. */
class EmbeddedModelSpecTest {
    private static EmbeddedModel.Spec sample() {
        Map<String, Object> cols = new LinkedHashMap<>();
        cols.put("names", List.of("sepal length", "a,b", "x:y=z", "é"));
        Map<String, Object> pad = new LinkedHashMap<>();
        pad.put("maxlen", 80L);
        pad.put("padding", "post");
        pad.put("lower", false);
        pad.put("factor", 0.00392156862745098);
        pad.put("target_shape", List.of(28L, 28L, 1L));
        return new EmbeddedModel.Spec("Iris Mlp", "nnc.generated.IrisMlp",
                List.of(new EmbeddedModel.ParamSpec("dense.kernel", new int[] {4, 256}, true, 0f, 0.01f),
                        new EmbeddedModel.ParamSpec("bn.moving_mean", new int[] {3}, false, 0f, 0f),
                        new EmbeddedModel.ParamSpec("scalar", new int[0], true, 0.5f, 0f)),
                "x", List.of(new EmbeddedModel.StepSpec("columns", cols), new EmbeddedModel.StepSpec("standardize", Map.of()),
                        new EmbeddedModel.StepSpec("pad_sequences", pad)));
    }

    @Test
    void roundTrips() {
        EmbeddedModel.Spec s = sample();
        String text = s.toText();
        assertFalse(text.startsWith("#"), "no date comment: two builds give the same bytes");
        EmbeddedModel.Spec r = EmbeddedModel.Spec.parse(text);
        assertEquals(s.model(), r.model());
        assertEquals(s.className(), r.className());
        assertEquals(s.inputBinding(), r.inputBinding());
        assertEquals(s.params().size(), r.params().size());
        for (int i = 0; i < s.params().size(); i++) {
            var a = s.params().get(i);
            var b = r.params().get(i);
            assertEquals(a.name(), b.name());
            assertArrayEquals(a.shape(), b.shape());
            assertEquals(a.trainable(), b.trainable());
            assertEquals(a.l1(), b.l1());
            assertEquals(a.l2(), b.l2());
        }
        assertEquals(s.steps(), r.steps(), "names, argument order, numbers, strings, booleans and lists");
        assertEquals(text, r.toText());
    }

    @Test
    void rejectsWhatIsNotADescriptor() {
        assertThrows(IllegalArgumentException.class, () -> EmbeddedModel.Spec.parse("model=x\n"));
        String text = sample().toText().replaceAll("(?m)^class=.*\\n", "");
        var e = assertThrows(IllegalArgumentException.class, () -> EmbeddedModel.Spec.parse(text));
        assertTrue(e.getMessage().contains("class"), e.getMessage());
    }

    @Test
    void loadingWithoutAModelSaysSo() {
        var e = assertThrows(IllegalStateException.class, () -> EmbeddedModel.load(ClassLoader.getPlatformClassLoader()));
        assertTrue(e.getMessage().contains(EmbeddedModel.DESCRIPTOR), e.getMessage());
    }
}
