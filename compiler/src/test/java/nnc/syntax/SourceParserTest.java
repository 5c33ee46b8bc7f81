package nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nnc.syntax.ast.Arg;
import nnc.syntax.ast.Decl;
import nnc.syntax.ast.Dim;
import nnc.syntax.ast.Expr;
import nnc.syntax.ast.Stmt;
import nnc.syntax.ast.TypeRef;
import org.junit.jupiter.api.Test;

/** The AST built for each construct, with its spans. */
class SourceParserTest {

    private static ParseResult ok(String text) {
        ParseResult r = SourceParser.parse("t.nn", text);
        assertTrue(r.ok(), () -> DiagnosticRenderer.renderAll(r.diagnostics(), new SourceFile("t.nn", text)));
        return r;
    }

    private static List<Stmt> body(String text) {
        return ((Decl.Model) ok(text).ast().decls().get(0)).body();
    }

    @Test
    void sequentialModel() {
        List<Stmt> body = body("model Mlp {\n    input x: [10]\n    dense(20, relu)\n    flatten\n}\n");
        Stmt.Input in = assertInstanceOf(Stmt.Input.class, body.get(0));
        assertEquals("x", in.name().name());
        assertEquals("float", in.shape().dtype());
        assertEquals(1, in.shape().dims().size());
        Dim.Size d = assertInstanceOf(Dim.Size.class, in.shape().dims().get(0));
        assertEquals(10L, ((Expr.Number) d.expr()).longValue());
        Expr.Call call = assertInstanceOf(Expr.Call.class, ((Stmt.ExprStmt) body.get(1)).expr());
        assertEquals("dense", call.callee().name());
        assertEquals(2, call.args().size());
        assertNull(call.args().get(0).name());
        assertEquals("relu", ((Expr.Name) call.args().get(1).value()).name());
        assertEquals("flatten", ((Expr.Name) ((Stmt.ExprStmt) body.get(2)).expr()).name());
    }

    @Test
    void spansAreOneBasedAndExclusiveAtTheEnd() {
        String text = "model M {\n  input x: [4]\n  dense(3, relu)\n}\n";
        Stmt.ExprStmt s = (Stmt.ExprStmt) body(text).get(1);
        Span span = s.expr().span();
        assertEquals(3, span.line());
        assertEquals(3, span.col());
        assertEquals(3, span.endLine());
        assertEquals(17, span.endCol());
        assertEquals("dense(3, relu)", text.substring(span.start(), span.end()));
        assertEquals("t.nn", span.file());
    }

    @Test
    void precedenceOfPipesArithmeticAndAs() {
        Stmt.Let let = (Stmt.Let) body("model M { input x: [4]  let y = x + 2 * -x |> dense(3) as d }").get(1);
        Expr.Pipe pipe = assertInstanceOf(Expr.Pipe.class, let.value());
        Expr.Binary add = assertInstanceOf(Expr.Binary.class, pipe.input());
        assertEquals(Expr.BinOp.ADD, add.op());
        Expr.Binary mul = assertInstanceOf(Expr.Binary.class, add.right());
        assertEquals(Expr.BinOp.MUL, mul.op());
        assertInstanceOf(Expr.Neg.class, mul.right());
        Expr.As as = assertInstanceOf(Expr.As.class, pipe.layer());
        assertEquals("d", as.name().name());
        assertInstanceOf(Expr.Call.class, as.target());
    }

    @Test
    void matmulAndDivisionAreLeftAssociative() {
        Stmt.Let let = (Stmt.Let) body("model M { input x: [4]  let y = x @ w / 2 - 1 - 3 }").get(1);
        Expr.Binary sub = assertInstanceOf(Expr.Binary.class, let.value());
        assertEquals(Expr.BinOp.SUB, sub.op());
        assertEquals(3.0, ((Expr.Number) sub.right()).value());
        Expr.Binary inner = assertInstanceOf(Expr.Binary.class, sub.left());
        Expr.Binary div = assertInstanceOf(Expr.Binary.class, inner.left());
        assertEquals(Expr.BinOp.DIV, div.op());
        assertEquals(Expr.BinOp.MATMUL, ((Expr.Binary) div.left()).op());
    }

    @Test
    void severalStatementsOnOneLine() {
        List<Stmt> body = body("model Encoder { input x: [784]  dense(128, relu)  dense(32, relu) }");
        assertEquals(3, body.size());
    }

    @Test
    void multipleOutputs() {
        Stmt.Output out = (Stmt.Output) body("model M { input a: [2]  output a |> dense(1), a }").get(1);
        assertEquals(2, out.values().size());
    }

    @Test
    void typedShapes() {
        Stmt.Input in = (Stmt.Input) body("model M { input t: int[256]  reshape(int[16, 16]) }").get(0);
        assertEquals("int", in.shape().dtype());
        assertTrue(in.shape().explicitDtype());
        Expr.Call call = (Expr.Call) ((Stmt.ExprStmt) body("model M { input t: int[256]  reshape(int[16, 16]) }")
                .get(1)).expr();
        Expr.ShapeLit lit = assertInstanceOf(Expr.ShapeLit.class, call.args().get(0).value());
        assertEquals(2, lit.shape().dims().size());
    }

    @Test
    void keywordsAsNamedArguments() {
        Expr.Call call = (Expr.Call) ((Stmt.ExprStmt) body(
                "model M { input x: [5, 3]  bidirectional(layer = lstm(8), data = 1, input = 2) }").get(1)).expr();
        assertEquals(List.of("layer", "data", "input"), call.args().stream().map(a -> a.name().name()).toList());
    }

    @Test
    void layerDeclarationWithPatternsAndParams() {
        String text = """
                layer dense(x: [..., n], units: int, activation = linear, use_bias = true,
                            kernel_regularizer = none) -> [..., units] {
                    param kernel: [n, units] = glorot_uniform, regularizer = kernel_regularizer
                    param bias: [units] = zeros if use_bias
                    activation(x @ kernel + bias)
                }
                """;
        Decl.Layer l = (Decl.Layer) ok(text).ast().decls().get(0);
        assertEquals("dense", l.name().name());
        assertEquals(5, l.params().size());
        TypeRef.Shape xs = assertInstanceOf(TypeRef.Shape.class, l.params().get(0).type());
        assertInstanceOf(Dim.Ellipsis.class, xs.dims().get(0));
        assertEquals("int", ((TypeRef.Named) l.params().get(1).type()).name());
        assertEquals("linear", ((Expr.Name) l.params().get(2).defaultValue()).name());
        assertInstanceOf(TypeRef.Shape.class, l.result());
        Stmt.ParamDecl kernel = (Stmt.ParamDecl) l.body().get(0);
        assertEquals("regularizer", kernel.options().get(0).name().name());
        assertNull(kernel.condition());
        Stmt.ParamDecl bias = (Stmt.ParamDecl) l.body().get(1);
        assertEquals("use_bias", ((Expr.Name) bias.condition()).name());
    }

    @Test
    void fnDataAndTrain() {
        String text = """
                import "lib.nn"
                fn swish(x) = x * sigmoid(x)
                data D = csv("d\\\\ir/\\"q\\".csv") {
                    x = columns(a, b) |> standardize
                    (u, v) = column(c) |> windows(size = 7)
                }
                train M on D { loss = mse  epochs = 3  metrics = [mae, accuracy] }
                """;
        List<Decl> decls = ok(text).ast().decls();
        assertEquals("lib.nn", ((Decl.Import) decls.get(0)).path());
        Decl.Fn fn = (Decl.Fn) decls.get(1);
        assertEquals("swish", fn.name().name());
        assertInstanceOf(Expr.Binary.class, fn.body());
        Decl.Data data = (Decl.Data) decls.get(2);
        assertEquals("d\\ir/\"q\".csv", ((Expr.Str) ((Expr.Call) data.source()).args().get(0).value()).value());
        assertFalse(data.bindings().get(0).tuple());
        assertTrue(data.bindings().get(1).tuple());
        assertEquals(List.of("u", "v"), data.bindings().get(1).targets().stream().map(i -> i.name()).toList());
        Decl.Train train = (Decl.Train) decls.get(3);
        assertEquals("M", train.model().name());
        assertEquals("D", train.data().name());
        assertEquals(3, train.settings().size());
        assertInstanceOf(Expr.ListLit.class, train.settings().get(2).value());
    }

    @Test
    void numbers() {
        Stmt.Let let = (Stmt.Let) body("model M { input x: [1]  let y = f(3, 0.001, 1e-3, 2.5E+2) }").get(1);
        List<Arg> args = ((Expr.Call) let.value()).args();
        Expr.Number three = (Expr.Number) args.get(0).value();
        assertTrue(three.integral());
        Expr.Number small = (Expr.Number) args.get(2).value();
        assertFalse(small.integral());
        assertEquals(0.001, small.value(), 1e-15);
        assertEquals(250.0, ((Expr.Number) args.get(3).value()).value());
    }

    @Test
    void parenthesisedCallOnANewLineIsNotACall() {
        // A '(' on the next line starts a new statement; statements need no separator.
        List<Stmt> body = body("model M {\n  input x: [2]\n  flatten\n  (x)\n}");
        assertEquals(3, body.size());
    }

    @Test
    void errorsNeverThrowAndAlwaysGiveAnAst() {
        String[] bad = {"", "model", "model {", "}}}}", "(((", "data D = ", "train", "\"", "/*", "model M { dense(",
                "layer l(x: [..., ) {", "fn f(", "model M { input x: int[ }", "\u0000\u0001", "model M { let }"};
        for (String b : bad) {
            ParseResult r = SourceParser.parse("t.nn", b);
            assertTrue(r.ast() != null);
            if (!b.isEmpty()) assertFalse(r.ok(), "should fail: " + b);
            for (Diagnostic d : r.diagnostics()) {
                assertFalse(d.message().contains("extraneous") || d.message().contains("expecting {")
                        || d.message().contains("viable"), d.message());
            }
        }
    }

    @Test
    void severalErrorsInOneRun() {
        ParseResult r = SourceParser.parse("t.nn", "model A {\n  dense(3 4)\n  dense(,)\n  input x [2]\n}\n");
        assertEquals(3, r.diagnostics().size(), r.diagnostics().toString());
        assertEquals(List.of(2, 3, 4), r.diagnostics().stream().map(d -> d.span().line()).toList());
    }
}
