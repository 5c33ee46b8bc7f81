package nnc.runtime.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import nnc.runtime.io.AtomicFiles;

/**
 * Draws a training {@link History} as line charts, one panel per quantity ({@code loss}, each metric),
 * training and validation curves together, epochs on the x axis: as SVG text or as a PNG rendered with
 * the JDK's own java.awt (headless). No plotting library is needed.
 */
public final class HistoryPlot {
    static final int PANEL_W = 420, PANEL_H = 300, LEFT = 64, RIGHT = 16, TOP = 36, BOTTOM = 44;
    static final Color TRAIN = new Color(0x1f, 0x77, 0xb4), VAL = new Color(0xff, 0x7f, 0x0e);

    private HistoryPlot() {}

    /** Writes the plot atomically; the format follows the extension ({@code .svg} or {@code .png}). */
    public static void write(History history, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".svg")) {
            AtomicFiles.write(file, svg(history).getBytes(StandardCharsets.UTF_8));
        } else if (name.endsWith(".png")) {
            AtomicFiles.write(file, png(history));
        } else {
            throw new IllegalArgumentException("the plot file must end in .svg or .png: " + file);
        }
    }

    /** One panel: a quantity and, when recorded, its validation twin. */
    record Panel(String title, List<Double> train, List<Double> val) {}

    static List<Panel> panels(History h) {
        List<Panel> ps = new ArrayList<>();
        for (String k : h.keys()) {
            if (k.startsWith("val_")) continue;
            List<Double> v = h.keys().contains("val_" + k) ? h.get("val_" + k) : null;
            ps.add(new Panel(k, h.get(k), v));
        }
        for (String k : h.keys()) { // validation-only keys (unusual) get their own panel
            if (k.startsWith("val_") && !h.keys().contains(k.substring(4))) ps.add(new Panel(k, h.get(k), null));
        }
        return ps;
    }

    /** Drawing primitives shared by the SVG and PNG back ends, so both show the same picture. */
    interface Canvas {
        void line(double x1, double y1, double x2, double y2, Color c, double width);

        void polyline(double[] xs, double[] ys, Color c, double width);

        /** A filled rectangle with a thin border (the legend's background). */
        void box(double x, double y, double w, double h, Color fill, Color border);

        /** Text anchored at (x, y): anchor -1 left, 0 centre, 1 right. */
        void text(double x, double y, String s, int anchor, int size, boolean bold);
    }

    static void draw(History h, Canvas c) {
        List<Panel> ps = panels(h);
        for (int p = 0; p < ps.size(); p++) drawPanel(ps.get(p), p * PANEL_W, c, h.epochs());
    }

    private static void drawPanel(Panel p, double ox, Canvas c, int epochs) {
        double x0 = ox + LEFT, x1 = ox + PANEL_W - RIGHT, y0 = PANEL_H - BOTTOM, y1 = TOP;
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (List<Double> l : p.val() == null ? List.of(p.train()) : List.of(p.train(), p.val())) {
            for (double v : l) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!Double.isFinite(lo)) {
            lo = 0;
            hi = 1;
        }
        if (hi - lo < 1e-12) {
            double pad = Math.max(Math.abs(hi) * 0.05, 1e-3);
            lo -= pad;
            hi += pad;
        }
        double[] yt = ticks(lo, hi);
        lo = Math.min(lo, yt[0]);
        hi = Math.max(hi, yt[yt.length - 1]);
        int firstEpoch = 1, lastEpoch = Math.max(2, epochs);
        double flo = lo, fhi = hi;
        java.util.function.DoubleUnaryOperator sx = e -> x0 + (e - firstEpoch) / (lastEpoch - firstEpoch) * (x1 - x0);
        java.util.function.DoubleUnaryOperator sy = v -> y0 - (v - flo) / (fhi - flo) * (y0 - y1);
        Color grid = new Color(0xdd, 0xdd, 0xdd), axis = new Color(0x33, 0x33, 0x33);
        for (double t : yt) {
            double y = sy.applyAsDouble(t);
            c.line(x0, y, x1, y, grid, 1);
            c.text(x0 - 6, y + 4, label(t, yt), 1, 11, false);
        }
        for (double e : ticks(firstEpoch, lastEpoch)) {
            if (e != Math.rint(e) || e < firstEpoch || e > lastEpoch) continue;
            double x = sx.applyAsDouble(e);
            c.line(x, y0, x, y0 + 4, axis, 1);
            c.text(x, y0 + 18, Long.toString((long) e), 0, 11, false);
        }
        c.line(x0, y0, x1, y0, axis, 1);
        c.line(x0, y0, x0, y1, axis, 1);
        c.text((x0 + x1) / 2, y0 + 36, "epoch", 0, 12, false);
        c.text((x0 + x1) / 2, 22, p.title(), 0, 14, true);
        curve(p.train(), sx, sy, TRAIN, c);
        if (p.val() != null) curve(p.val(), sx, sy, VAL, c);
        double lx = x1 - 110, ly = y1 + 14;
        c.box(lx - 6, ly - 12, 110, p.val() != null ? 34 : 18, Color.WHITE, new Color(0xcc, 0xcc, 0xcc));
        c.line(lx, ly - 4, lx + 20, ly - 4, TRAIN, 2);
        c.text(lx + 26, ly, "training", -1, 11, false);
        if (p.val() != null) {
            c.line(lx, ly + 12, lx + 20, ly + 12, VAL, 2);
            c.text(lx + 26, ly + 16, "validation", -1, 11, false);
        }
    }

    private static void curve(List<Double> v, java.util.function.DoubleUnaryOperator sx, java.util.function.DoubleUnaryOperator sy,
                              Color color, Canvas c) {
        List<double[]> pts = new ArrayList<>();
        for (int e = 0; e < v.size(); e++) {
            if (Double.isFinite(v.get(e))) pts.add(new double[] {sx.applyAsDouble(e + 1), sy.applyAsDouble(v.get(e))});
        }
        double[] xs = new double[pts.size()], ys = new double[pts.size()];
        for (int k = 0; k < xs.length; k++) {
            xs[k] = pts.get(k)[0];
            ys[k] = pts.get(k)[1];
        }
        if (xs.length == 1) c.line(xs[0] - 2, ys[0], xs[0] + 2, ys[0], color, 3);
        else if (xs.length > 1) c.polyline(xs, ys, color, 2);
    }

    /** About five "nice" tick values (1, 2, 5 × 10^k steps) covering [lo, hi]. */
    static double[] ticks(double lo, double hi) {
        double span = hi - lo, raw = span / 5, mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double start = Math.floor(lo / step) * step, end = Math.ceil(hi / step) * step;
        int n = (int) Math.round((end - start) / step) + 1;
        double[] t = new double[n];
        for (int k = 0; k < n; k++) t[k] = start + k * step;
        return t;
    }

    private static String label(double v, double[] ticks) {
        double step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        return String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
    }

    static int width(History h) {
        return Math.max(1, panels(h).size()) * PANEL_W;
    }

    /** The plot as an SVG document. */
    public static String svg(History h) {
        StringBuilder sb = new StringBuilder();
        int w = width(h);
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(PANEL_H)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(PANEL_H).append("\" font-family=\"sans-serif\">\n");
        sb.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        draw(h, new Canvas() {
            public void line(double x1, double y1, double x2, double y2, Color c, double width) {
                sb.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
                        x1, y1, x2, y2, hex(c), width));
            }

            public void box(double x, double y, double w, double h, Color fill, Color border) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"%s\" fill-opacity=\"0.9\"/>%n",
                        x, y, w, h, hex(fill), hex(border)));
            }

            public void polyline(double[] xs, double[] ys, Color c, double width) {
                sb.append("<polyline fill=\"none\" stroke=\"").append(hex(c)).append("\" stroke-width=\"").append(width)
                        .append("\" stroke-linejoin=\"round\" points=\"");
                for (int k = 0; k < xs.length; k++) sb.append(String.format(Locale.ROOT, "%s%.1f,%.1f", k == 0 ? "" : " ", xs[k], ys[k]));
                sb.append("\"/>\n");
            }

            public void text(double x, double y, String s, int anchor, int size, boolean bold) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>%n", x, y, size,
                        anchor < 0 ? "start" : anchor == 0 ? "middle" : "end", bold ? " font-weight=\"bold\"" : "", escape(s)));
            }
        });
        return sb.append("</svg>\n").toString();
    }

    private static String hex(Color c) {
        return String.format("#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The plot as PNG bytes, rendered headless with java.awt. */
    public static byte[] png(History h) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(width(h), PANEL_H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, img.getWidth(), img.getHeight());
            draw(h, new Canvas() {
                public void line(double x1, double y1, double x2, double y2, Color c, double width) {
                    g.setColor(c);
                    g.setStroke(new BasicStroke((float) width));
                    g.draw(new java.awt.geom.Line2D.Double(x1, y1, x2, y2));
                }

                public void box(double x, double y, double w, double h, Color fill, Color border) {
                    java.awt.geom.Rectangle2D.Double r = new java.awt.geom.Rectangle2D.Double(x, y, w, h);
                    g.setColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue(), 230));
                    g.fill(r);
                    g.setColor(border);
                    g.setStroke(new BasicStroke(1f));
                    g.draw(r);
                }

                public void polyline(double[] xs, double[] ys, Color c, double width) {
                    Path2D.Double path = new Path2D.Double();
                    path.moveTo(xs[0], ys[0]);
                    for (int k = 1; k < xs.length; k++) path.lineTo(xs[k], ys[k]);
                    g.setColor(c);
                    g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                    g.draw(path);
                }

                public void text(double x, double y, String s, int anchor, int size, boolean bold) {
                    g.setColor(Color.DARK_GRAY);
                    g.setFont(new Font(Font.SANS_SERIF, bold ? Font.BOLD : Font.PLAIN, size));
                    double w = g.getFontMetrics().stringWidth(s);
                    double left = anchor < 0 ? x : anchor == 0 ? x - w / 2 : x - w;
                    g.drawString(s, (float) left, (float) y);
                }
            });
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JDK");
        return out.toByteArray();
    }
}
