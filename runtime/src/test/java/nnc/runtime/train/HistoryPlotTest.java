package nnc.runtime.train;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryPlotTest {
    @TempDir
    Path dir;

    static History history() {
        History h = new History();
        for (int e = 0; e < 10; e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", 1.0 / (e + 1));
            logs.put("accuracy", 0.5 + e * 0.05);
            logs.put("val_loss", 1.2 / (e + 1));
            logs.put("val_accuracy", 0.45 + e * 0.05);
            h.append(logs);
        }
        return h;
    }

    @Test
    void svgHasOnePanelPerQuantityWithBothCurves() throws Exception {
        String svg = HistoryPlot.svg(history());
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"840\""));
        assertEquals(4, svg.split("<polyline").length - 1, "loss, val_loss, accuracy, val_accuracy");
        assertTrue(svg.contains(">loss</text>") && svg.contains(">accuracy</text>") && svg.contains(">validation</text>"));
        // the training loss curve starts at the top-left of its panel (epoch 1, highest value) and falls
        String first = svg.substring(svg.indexOf("points=\"") + 8);
        String[] pts = first.substring(0, first.indexOf('"')).split(" ");
        assertEquals(10, pts.length);
        double y1 = Double.parseDouble(pts[0].split(",")[1]), y10 = Double.parseDouble(pts[9].split(",")[1]);
        assertTrue(y10 > y1, "falling loss is drawn downwards");
        Path f = dir.resolve("h.svg");
        HistoryPlot.write(history(), f);
        assertEquals(svg, Files.readString(f));
    }

    @Test
    void pngDecodes() throws Exception {
        Path f = dir.resolve("h.png");
        HistoryPlot.write(history(), f);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(f)));
        assertEquals(840, img.getWidth());
        assertEquals(HistoryPlot.PANEL_H, img.getHeight());
        int coloured = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                if (rgb == 0x1f77b4 || rgb == 0xff7f0e) coloured++;
            }
        }
        assertTrue(coloured > 200, "curves drawn: " + coloured);
        assertThrows(IllegalArgumentException.class, () -> HistoryPlot.write(history(), dir.resolve("h.jpg")));
    }

    @Test
    void niceTicks() {
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6000000000000001, 0.8, 1}, HistoryPlot.ticks(0.03, 0.97), 1e-9);
        double[] t = HistoryPlot.ticks(1, 100);
        assertEquals(0, t[0]);
        assertEquals(100, t[t.length - 1], 1e-9);
    }
}
