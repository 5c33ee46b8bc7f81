package nnc.syntax;

import java.lang.reflect.RecordComponent;
import java.util.List;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Ident;
import nnc.syntax.ast.Node;

/**
 * Prints an AST as an indented tree, one node per line, for {@code nnc emit --stage ast}:
 * <pre>
 * Model Mlp @3:1
 *   body:
 *     Input x @4:5
 *       shape:
 *         Shape dtype="float" @4:14
 *           dims:
 *             Size @4:15
 *               expr:
 *                 Number 10 @4:15
 * </pre>
 * Scalars and names are shown on the node's line; child nodes are indented below their
 * field name. Works on any record of {@code nnc.syntax.ast}, so new nodes print without change.
 */
public final class AstPrinter {
    private AstPrinter() {}

    public static String print(Node node) {
        StringBuilder out = new StringBuilder();
        print(node, 0, out);
        return out.toString();
    }

    private static void print(Node node, int depth, StringBuilder out) {
        indent(depth, out);
        out.append(node.getClass().getSimpleName());
        // Literals and names read best on one line: "Number 0.001", "Name relu".
        String leaf = switch (node) {
            case Expr.Number n -> n.text();
            case Expr.Name n -> n.name();
            case Expr.Str str -> quote(str.value());
            case Expr.Bool b -> String.valueOf(b.value());
            default -> null;
        };
        if (leaf != null) {
            out.append(' ').append(leaf).append(" @").append(node.span().line()).append(':')
               .append(node.span().col()).append('\n');
            return;
        }
        RecordComponent[] components = node.getClass().getRecordComponents();
        if (components == null) {
            out.append('\n');
            return;
        }
        for (RecordComponent c : components) {
            Object v = value(c, node);
            if (c.getName().equals("span") || v == null || c.getName().equals("explicitDtype") || v instanceof Node && !(v instanceof Ident)
                    || v instanceof List<?>) continue;
            out.append(' ');
            if (v instanceof Ident id) out.append(c.getName().equals("name") ? "" : c.getName() + "=").append(id.name());
            else if (v instanceof String s) out.append(c.getName()).append('=').append(quote(s));
            else out.append(c.getName()).append('=').append(v);
        }
        Span s = node.span();
        if (s != null) out.append(" @").append(s.line()).append(':').append(s.col());
        out.append('\n');
        for (RecordComponent c : components) {
            Object v = value(c, node);
            if (v instanceof Node child && !(v instanceof Ident)) {
                indent(depth + 1, out);
                out.append(c.getName()).append(":\n");
                print(child, depth + 2, out);
            } else if (v instanceof List<?> list && !list.isEmpty()) {
                indent(depth + 1, out);
                out.append(c.getName()).append(":");
                if (list.get(0) instanceof Ident) {
                    for (Object o : list) out.append(' ').append(((Ident) o).name());
                    out.append('\n');
                    continue;
                }
                out.append('\n');
                for (Object o : list) {
                    if (o instanceof Node n) print(n, depth + 2, out);
                }
            }
        }
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static void indent(int depth, StringBuilder out) {
        out.append("  ".repeat(depth));
    }
}
