package nnc.check;

import nnc.syntax.ast.Expr;

/** Compile-time evaluation of number expressions such as {@code 1 / 255} or {@code -1}. */
final class Consts {
    private Consts() {}

    /** A constant number and whether it is integral (int literals combined with + - *). */
    record Num(double value, boolean integral) {
        Value toValue() {
            return integral ? new Value.Int((long) value) : new Value.Real(value);
        }
    }

    /** The constant value of an expression, or null when it is not a constant number. */
    static Num eval(Expr e) {
        if (e instanceof Expr.Number n) return new Num(n.value(), n.integral());
        if (e instanceof Expr.Neg neg) {
            Num v = eval(neg.operand());
            return v == null ? null : new Num(-v.value(), v.integral());
        }
        if (e instanceof Expr.Binary b && b.op() != Expr.BinOp.MATMUL) {
            Num l = eval(b.left()), r = eval(b.right());
            if (l == null || r == null) return null;
            boolean integral = l.integral() && r.integral();
            return switch (b.op()) {
                case ADD -> new Num(l.value() + r.value(), integral);
                case SUB -> new Num(l.value() - r.value(), integral);
                case MUL -> new Num(l.value() * r.value(), integral);
                case DIV -> new Num(l.value() / r.value(), false);
                default -> null;
            };
        }
        return null;
    }
}
