package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressAndHistoryTest {
    @Test
    void lineFormat() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 0.34123);
        logs.put("val_loss", 0.0004);
        logs.put("accuracy", 0.91);
        logs.put("val_accuracy", 0.0);
        assertEquals("5/5 ━━━━━━━━━━━━━━━━━━━━ 1s 300ms/step - accuracy: 0.9100 - loss: 0.3412 - val_accuracy: 0.0000e+00 - val_loss: 4.0000e-04",
                ProgressLine.line(5, 5, 1.5, logs));
        assertEquals("2/8 ━━━━━─────────────── 0s 50us/step - loss: nan",
                ProgressLine.line(2, 8, 0.0001, Map.of("loss", Double.NaN)));
        assertEquals("3s/step", ProgressLine.perStep(2.6));
    }

    @Test
    void liveModeRedrawsInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressLine p = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        p.epochBegin(0, 3);
        p.batchEnd(1, 4, 0.01, Map.of("loss", 1.0));
        p.message("Epoch 1: early stopping");
        p.epochEnd(4, 0.02, Map.of("loss", 0.5));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("Epoch 1/3\n\r1/4 ━━━━━───────────────"), out);
        assertTrue(out.contains("\r\u001b[KEpoch 1: early stopping\n"), out);
        assertTrue(out.endsWith("\r4/4 ━━━━━━━━━━━━━━━━━━━━ 0s 5ms/step - loss: 0.5000\u001b[K\n"), out);
    }

    @Test
    void historyPadsLateKeysAndWritesCsv() {
        History h = new History();
        h.append(Map.of("loss", 1.0));
        Map<String, Double> second = new LinkedHashMap<>();
        second.put("loss", 0.5);
        second.put("learning_rate", 0.001);
        h.append(second);
        assertEquals(2, h.epochs());
        assertTrue(Double.isNaN(h.get("learning_rate").get(0)));
        assertEquals(0.5, h.last("loss"));
        assertEquals("epoch,loss,learning_rate\n1,1.0000000,NaN\n2,0.50000000,0.0010000000\n", h.toCsv());
    }
}
