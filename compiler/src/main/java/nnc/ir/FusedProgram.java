package nnc.ir;

import java.util.List;

/**
 * Body of an {@link Op#ELEMENTWISE} node: a straight-line list of scalar steps. Slots
 * 0..inputs-1 hold the group's operands (read at the loop index, broadcast as their shape
 * requires); slot inputs+i holds step i's result; the last step is the group's value.
 * Steps are unary/binary elementwise ops or scalar {@link Op#CONSTANT}s.
 */
public record FusedProgram(int inputs, List<Step> steps) {
    public FusedProgram {
        steps = List.copyOf(steps);
        if (steps.isEmpty()) throw new IllegalArgumentException("empty fused program");
    }

    /** One scalar operation: {@code op(slots[args...])} with the op's attributes. */
    public record Step(Op op, List<Integer> args, Attrs attrs) {
        public Step {
            args = List.copyOf(args);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (i > 0) sb.append("; ");
            sb.append('t').append(inputs + i).append('=').append(s.op().text()).append('(');
            for (int j = 0; j < s.args().size(); j++) {
                if (j > 0) sb.append(',');
                int a = s.args().get(j);
                sb.append(a < inputs ? "in" + a : "t" + a);
            }
            if (!s.attrs().map().isEmpty()) {
                if (!s.args().isEmpty()) sb.append(", ");
                sb.append(s.attrs());
            }
            sb.append(')');
        }
        return sb.append('}').toString();
    }
}
