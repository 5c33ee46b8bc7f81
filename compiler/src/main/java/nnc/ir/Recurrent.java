package nnc.ir;

import java.util.List;

/**
 * Recurrent layers in IR: {@link #apply} builds simple_rnn, lstm and gru (Keras layouts, gate
 * orders i, f, c, o and z, r, h; gru with reset_after and bias [2, 3u]) from a batched input projection, one {@link Op#SCAN} for the recurrence and
 * slices that take h out of the scan's per-step state.
 */
public final class Recurrent {
    private Recurrent() {}

    /** Activations whose derivative the recurrence can take from their output. */
    public static final List<String> ACTIVATIONS = List.of("tanh", "sigmoid", "relu", "linear");

    /** Gates per unit: simple 1, lstm 4, gru 3. */
    public static int gates(String cell) {
        return switch (cell) {
            case "simple" -> 1;
            case "lstm" -> 4;
            case "gru" -> 3;
            default -> throw new IrException("unknown recurrent cell '" + cell + "' (simple, lstm, gru)");
        };
    }

    /** Floats per unit the scan keeps per step: simple [h], lstm [i, f, g, o, c, h], gru [z, r, hh, rec_h, h]. */
    public static int stateWidth(String cell) {
        return switch (cell) {
            case "lstm" -> 6;
            case "gru" -> 5;
            default -> gates(cell);
        };
    }

    /** Width of scan_grad's result per unit: the input-side gate gradients, plus for gru the recurrent-side ones. */
    public static int gradWidth(String cell) {
        return cell.equals("gru") ? 6 : gates(cell);
    }

    /**
     * A recurrent layer over x [N, T, F]: kernel [F, G*u], recurrent kernel [u, G*u], bias
     * [G*u] ([2, 3u] for gru) or -1. Returns h as [N, T, u] (returnSequences) or the last step [N, u].
     */
    public static int apply(GraphBuilder b, String cell, int x, int kernel, int recurrentKernel, int bias,
                            String activation, String recurrentActivation, boolean returnSequences) {
        for (String act : new String[] {activation, recurrentActivation}) {
            if (!ACTIVATIONS.contains(act)) throw new IrException("recurrent activation '" + act + "' is not supported (" + ACTIVATIONS + ")");
        }
        Shape xs = b.shape(x);
        int u = b.shape(recurrentKernel).dim(0), t = xs.dim(1), s = stateWidth(cell);
        int proj = b.matmul(x, kernel);
        Attrs attrs = Attrs.of("cell", cell, "units", u, "activation", activation, "recurrentActivation", recurrentActivation);
        int state;
        if (cell.equals("gru")) {
            // Keras reset_after: bias [2, 3u] = input bias, recurrent bias
            int g3 = 3 * u, recBias;
            if (bias >= 0) {
                proj = b.add(proj, b.reshape(b.slice(bias, 0, 0, 1), Shape.of(g3)));
                recBias = b.reshape(b.slice(bias, 0, 1, 2), Shape.of(g3));
            } else {
                recBias = b.constant(0, Shape.of(g3));
            }
            state = b.add(Op.SCAN, attrs, proj, recurrentKernel, recBias);
        } else {
            if (bias >= 0) proj = b.add(proj, bias);
            state = b.add(Op.SCAN, attrs, proj, recurrentKernel);
        }
        int h = s == 1 ? state : b.slice(state, 2, (s - 1) * u, s * u);
        if (returnSequences) return h;
        int last = t == 1 ? h : b.slice(h, 1, t - 1, t);
        return b.reshape(last, Shape.batched(u));
    }
}
