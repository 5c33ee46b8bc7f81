package nnc.syntax;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import nnc.syntax.antlr.NnLexer;
import nnc.syntax.antlr.NnParser;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery (single-token insertion/deletion, resynchronisation) with its reports
 * replaced by plain messages for learners. The message depends on where the parser was (inside
 * a call's arguments, a list, an {@code input} statement, a {@code train} block …), on the bracket
 * still open, and on whether the offending token starts a new line. ANTLR's own wording
 * ("extraneous input … expecting {…}") never reaches the user.
 *
 * <p>At most one error is reported per source line: later ones on the same line are nearly
 * always consequences of the first.
 */
final class FriendlyErrors extends DefaultErrorStrategy {
    static final List<String> DECL_KEYWORDS = List.of("import", "fn", "layer", "model", "data", "train", "intrinsic");
    static final List<String> STMT_KEYWORDS = List.of("input", "let", "output", "param");

    private final SourceFile source;
    private final Brackets brackets;
    private final List<Diagnostic> out;
    private final Set<Integer> linesWithError;

    FriendlyErrors(SourceFile source, Brackets brackets, List<Diagnostic> out, Set<Integer> linesWithError) {
        this.source = source;
        this.brackets = brackets;
        this.out = out;
        this.linesWithError = linesWithError;
    }

    // ------------------------------------------------------------ ANTLR hooks

    @Override
    public void reportError(Parser parser, RecognitionException e) {
        if (inErrorRecoveryMode(parser)) return;
        beginErrorCondition(parser);
        Token t = e.getOffendingToken() != null ? e.getOffendingToken() : parser.getCurrentToken();
        IntervalSet expected = e.getExpectedTokens() != null ? e.getExpectedTokens() : safeExpected(parser);
        add(describe(parser, t, expected));
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) return;
        beginErrorCondition(parser);
        add(describe(parser, parser.getCurrentToken(), safeExpected(parser)));
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) return;
        beginErrorCondition(parser);
        add(describe(parser, parser.getCurrentToken(), safeExpected(parser)));
    }

    /**
     * In the loops over declarations, statements, settings and bindings, a token that cannot
     * start the next item is reported and skipped, instead of ANTLR's default of leaving the
     * whole rule (which would end the parse of the file at the first stray token).
     */
    @Override
    public void sync(Parser parser) throws RecognitionException {
        ParserRuleContext ctx = parser.getContext();
        boolean loop = ctx instanceof NnParser.ProgramContext || ctx instanceof NnParser.BlockContext
                || ctx instanceof NnParser.TrainDeclContext || ctx instanceof NnParser.DataDeclContext;
        if (!loop) {
            super.sync(parser);
            return;
        }
        while (true) {
            try {
                super.sync(parser);
                return;
            } catch (InputMismatchException e) {
                reportError(parser, e);
                if (!skipToNextItem(parser)) return;
                // A new line starts a new chance: its error (if any) is reported too.
                endErrorCondition(parser);
            }
        }
    }

    /**
     * Skips tokens that cannot continue the loop, keeping brackets balanced. Stops at a token the
     * loop accepts (returns false) or at the first token of a later line (returns true).
     */
    private static boolean skipToNextItem(Parser parser) {
        TokenStream in = parser.getInputStream();
        IntervalSet expecting = safeExpected(parser);
        int line = in.LT(1).getLine();
        int depth = 0;
        boolean first = true;
        while (in.LA(1) != Token.EOF) {
            Token t = in.LT(1);
            if (!first && depth == 0) {
                if (expecting.contains(t.getType())) return false;
                if (t.getLine() > line) return true;
            }
            if (Brackets.isOpen(t.getType())) depth++;
            else if (Brackets.isClose(t.getType()) && depth > 0) depth--;
            parser.consume();
            first = false;
        }
        return false;
    }

    private static IntervalSet safeExpected(Parser parser) {
        try {
            return parser.getExpectedTokens();
        } catch (RuntimeException e) {
            return new IntervalSet();
        }
    }

    private void add(Diagnostic d) {
        if (d == null) return;
        if (!linesWithError.add(d.span().line())) return;
        out.add(d);
    }

    // ------------------------------------------------------------ the messages

    private Diagnostic describe(Parser parser, Token t, IntervalSet expected) {
        TokenStream tokens = parser.getInputStream();
        Token prev = previous(tokens, t);
        boolean newLine = prev != null && t.getLine() > prev.getLine();
        Span atToken = tokenSpan(t);
        Span afterPrev = prev == null ? atToken : tokenSpan(prev).endPoint();
        Span where = newLine || t.getType() == Token.EOF ? afterPrev : atToken;
        int type = t.getType();
        Token open = brackets.openBefore(t.getTokenIndex());

        // Closing brackets without a partner, or closing the wrong bracket.
        if (Brackets.isClose(type) && brackets.isUnmatchedClose(t.getTokenIndex())) {
            return err("syntax.unmatched", atToken, "unmatched '" + t.getText() + "'",
                    "there is no open '" + openerText(type) + "' before it; remove it or add the missing '"
                            + openerText(type) + "'");
        }
        if (Brackets.isClose(type) && open != null && Brackets.closerOf(open.getType()) != type) {
            if (newLine) return unclosed(open, afterPrev, closeHint(open, prev));
            return unclosed(open, atToken, "add '" + Brackets.closerText(open.getType()) + "' before this '"
                    + t.getText() + "'");
        }
        if (type == Token.EOF) {
            if (open != null) {
                return unclosed(open, afterPrev, "add '" + Brackets.closerText(open.getType()) + "' to close it");
            }
            return err("syntax.eof", afterPrev, "unexpected end of file" + expectedSuffix(expected), null);
        }

        // A value was expected after an operator, '=', ',' or an opening bracket.
        if (prev != null && expectsValueAfter(prev) && !startsValue(type)) {
            return err("syntax.expected-value", where, "expected " + valueWord(parser, prev) + " after '"
                    + prev.getText() + "'", null);
        }

        // A statement or argument continues on a new line although its bracket was never closed.
        boolean startsItem = open != null && (open.getType() == NnLexer.LBRACE ? isDeclKeyword(type)
                : startsValue(type) || isDeclKeyword(type) || isStmtKeyword(type));
        if (open != null && newLine && startsItem && expected.contains(Brackets.closerOf(open.getType()))
                && type != Brackets.closerOf(open.getType())) {
            return unclosed(open, afterPrev, closeHint(open, prev));
        }

        for (RuleContext c = parser.getContext(); c != null; c = c.parent) {
            Diagnostic d = inContext(c, parser, tokens, t, prev, where, atToken, open, expected);
            if (d != null) return d;
        }
        return err("syntax.unexpected", atToken, "unexpected " + describeToken(t) + expectedSuffix(expected), null);
    }

    private Diagnostic inContext(RuleContext c, Parser parser, TokenStream tokens, Token t, Token prev,
                                 Span where, Span atToken, Token open, IntervalSet expected) {
        int type = t.getType();
        String prevText = prev == null ? "" : prev.getText();
        if (type == NnLexer.COMMA && (c instanceof NnParser.BlockContext || c instanceof NnParser.TrainDeclContext
                || c instanceof NnParser.DataDeclContext)) {
            return err("syntax.separator", atToken, "unexpected ','",
                    "statements, settings and bindings need no separator: put each on its own line");
        }
        if (c instanceof NnParser.AsExprContext && prev != null && prev.getType() == NnLexer.AS) {
            return err("syntax.expected", where, "expected a name after 'as'", "for example: dense(10) as logits");
        }
        if (c instanceof NnParser.ImportDeclContext) {
            return err("syntax.expected", where, "expected a file name in double quotes after 'import'",
                    "for example: import \"layers.nn\"");
        }
        if (c instanceof NnParser.ArgListContext || c instanceof NnParser.CallExprContext) {
            if (type == NnLexer.COLON) {
                return err("syntax.named-arg", atToken, "named arguments use '=', not ':'",
                        "write it as " + prevText + " = …");
            }
            int n = argCount(c);
            if (n == 0) return err("syntax.expected", atToken, "expected an argument or ')' after '('", null);
            return err("syntax.expected", atToken, "expected ',' or ')' after argument " + n,
                    startsValue(type) ? "separate arguments with ','" : null);
        }
        if (c instanceof NnParser.ListExprContext || c instanceof NnParser.ShapeTypeContext
                || c instanceof NnParser.TypedShapeExprContext) {
            if (prev != null && (prev.getType() == NnLexer.COLON || prev.getType() == NnLexer.ARROW
                    || prev.getType() == NnLexer.INT || prev.getType() == NnLexer.FLOAT)) {
                return err("syntax.expected-shape", where, "expected a shape such as [4] or [28, 28, 1] after '"
                        + prevText + "'", "the shape of one sample, without the batch axis");
            }
            int n = elementCount(c);
            if (n == 0) return err("syntax.expected", atToken, "expected a value or ']' after '['", null);
            return err("syntax.expected", atToken, "expected ',' or ']' after element " + n,
                    startsValue(type) ? "separate elements with ','" : null);
        }
        if (c instanceof NnParser.ParamListContext pl) {
            return err("syntax.expected", atToken, "expected ',' or ')' after parameter " + pl.param().size(), null);
        }
        if (c instanceof NnParser.ParamContext) {
            return err("syntax.expected", atToken, "unexpected " + describeToken(t) + " in a parameter",
                    "parameters are written NAME, NAME: TYPE or NAME = DEFAULT");
        }
        if (c instanceof NnParser.ParenExprContext pc && open != null) {
            return unclosed(open, where, "add ')' after '" + prevText + "'");
        }
        if (c instanceof NnParser.InputStmtContext) {
            if (prev != null && prev.getType() == NnLexer.INPUT) {
                return err("syntax.expected", where, "expected a name after 'input'", "for example: input x: [4]");
            }
            if (prev != null && prev.getType() == NnLexer.COLON) {
                return err("syntax.expected-shape", where, "expected a shape such as [4] or [28, 28, 1] after ':'",
                        "the shape of one sample, without the batch axis");
            }
            return err("syntax.expected", where, "expected ':' and a shape after 'input " + prevText + "'",
                    "for example: input " + prevText + ": [4]");
        }
        if (c instanceof NnParser.LetStmtContext) {
            if (prev != null && prev.getType() == NnLexer.LET) {
                return err("syntax.expected", where, "expected a name after 'let'", "for example: let h = x |> dense(8)");
            }
            return err("syntax.expected", where, "expected '=' after 'let " + prevText + "'",
                    "for example: let " + prevText + " = x |> dense(8)");
        }
        if (c instanceof NnParser.OutputStmtContext) {
            return err("syntax.expected", where, "expected a value after '" + prevText + "'", null);
        }
        if (c instanceof NnParser.ParamStmtContext) {
            if (prev != null && prev.getType() == NnLexer.PARAM) {
                return err("syntax.expected", where, "expected a name after 'param'", "for example: param bias: [units] = zeros");
            }
            return err("syntax.expected", where, "unexpected " + describeToken(t) + " in a param declaration",
                    "for example: param kernel: [n, units] = glorot_uniform");
        }
        if ((c instanceof NnParser.SettingContext || c instanceof NnParser.SingleBindingContext)
                && type == NnParser.CALL_LPAREN) {
            boolean train = c instanceof NnParser.SettingContext;
            return err("syntax.call-in-block", tokenSpan(prev), "a layer call is not allowed in a "
                    + (train ? "train" : "data") + " block", train
                    ? "a train block holds settings such as epochs = 100; layers go in a model { … }"
                    : "a data block holds bindings such as x = column(a); layers go in a model { … }");
        }
        if (c instanceof NnParser.SettingContext) {
            return err("syntax.expected", where, "expected '=' after '" + prevText + "'",
                    "settings are written NAME = VALUE, for example: epochs = 100");
        }
        if (c instanceof NnParser.BindingContext) {
            if (c instanceof NnParser.TupleBindingContext && open != null && open.getType() == NnLexer.LPAREN) {
                return err("syntax.expected", atToken, "expected ',' or ')' in the names of '(x, y) = …'", null);
            }
            return err("syntax.expected", where, "expected '=' after '" + prevText + "'",
                    "bindings are written NAME = EXPR, for example: x = columns(a, b) |> standardize");
        }
        if (c instanceof NnParser.TrainDeclContext td) {
            if (td.LBRACE() != null && td.LBRACE().getSymbol().getTokenIndex() < t.getTokenIndex()) {
                return err("syntax.unexpected", atToken, "unexpected " + describeToken(t) + " in a train block",
                        "settings are written NAME = VALUE, for example: epochs = 100");
            }
            if (prev != null && prev.getType() == NnLexer.TRAIN) {
                return err("syntax.expected", where, "expected a model name after 'train'", "for example: train Mlp on IrisData { … }");
            }
            if (prev != null && prev.getType() == NnLexer.ON) {
                return err("syntax.expected", where, "expected a data set name after 'on'", "for example: train Mlp on IrisData { … }");
            }
            if (td.ON() == null || td.ON().getSymbol().getTokenIndex() < 0) {
                return err("syntax.expected", where, "expected 'on' after 'train " + prevText + "'",
                        "for example: train " + prevText + " on IrisData { … }");
            }
            return err("syntax.expected", where, "expected '{' after 'train " + td.model.getText() + " on " + prevText + "'", null);
        }
        if (c instanceof NnParser.DataDeclContext dd) {
            if (dd.LBRACE() != null && dd.LBRACE().getSymbol().getTokenIndex() < t.getTokenIndex()
                    && dd.LBRACE().getSymbol().getTokenIndex() >= 0) {
                return err("syntax.unexpected", atToken, "unexpected " + describeToken(t) + " in a data block",
                        "bindings are written NAME = EXPR, for example: y = column(label) |> onehot(3)");
            }
            if (prev != null && prev.getType() == NnLexer.DATA) {
                return err("syntax.expected", where, "expected a name after 'data'", null);
            }
            if (dd.ASSIGN() == null || dd.ASSIGN().getSymbol().getTokenIndex() < 0) {
                return err("syntax.expected", where, "expected '=' after 'data " + prevText + "'",
                        "for example: data " + prevText + " = csv(\"data/iris.csv\") { … }");
            }
            return err("syntax.expected", where, "expected '{' after the data source", "for example: data D = csv(\"file.csv\") { x = … }");
        }
        if (c instanceof NnParser.ModelDeclContext) {
            if (prev != null && prev.getType() == NnLexer.MODEL) {
                return err("syntax.expected", where, "expected a name after 'model'", "for example: model Mlp { … }");
            }
            return err("syntax.expected", where, "expected '{' after 'model " + prevText + "'", null);
        }
        if (c instanceof NnParser.FnDeclContext || c instanceof NnParser.LayerDeclContext) {
            String kw = c instanceof NnParser.FnDeclContext ? "fn" : "layer";
            if (prev != null && (prev.getType() == NnLexer.FN || prev.getType() == NnLexer.LAYER)) {
                return err("syntax.expected", where, "expected a name after '" + kw + "'", null);
            }
            Token name = c instanceof NnParser.FnDeclContext f ? f.name : ((NnParser.LayerDeclContext) c).name;
            if (prev != null && prev == name) {
                return err("syntax.expected", where, "expected '(' after '" + kw + " " + prevText + "'", null);
            }
            if (c instanceof NnParser.FnDeclContext) {
                return err("syntax.expected", where, "expected '=' and the body of the fn after its parameters",
                        "for example: fn swish(x) = x * sigmoid(x)");
            }
            return err("syntax.expected", where, "expected '{' and the body of the layer after its parameters", null);
        }
        if (c instanceof NnParser.BlockContext b) {
            // Before its '{' the error belongs to the declaration ("expected '{' after 'model M'").
            if (b.LBRACE() == null || b.LBRACE().getSymbol().getTokenIndex() < 0) return null;
            return statementStart(tokens, t, prev, atToken, c.parent instanceof NnParser.LayerDeclContext);
        }
        if (c instanceof NnParser.ProgramContext || c instanceof NnParser.DeclContext) {
            return declarationStart(tokens, t, atToken);
        }
        return null;
    }

    /** A token that cannot start a statement in a model or layer body. */
    private Diagnostic statementStart(TokenStream tokens, Token t, Token prev, Span atToken, boolean inLayer) {
        int type = t.getType();
        Token prevPrev = prev == null ? null : previous(tokens, prev);
        if ((type == NnLexer.COLON || type == NnLexer.ASSIGN) && prev != null && prev.getType() == NnLexer.ID
                && prevPrev != null && prevPrev.getType() == NnLexer.ID && prevPrev.getLine() == prev.getLine()) {
            String hint = Suggestions.didYouMean(prevPrev.getText(), STMT_KEYWORDS);
            if (hint != null) {
                return err("syntax.unknown-statement", tokenSpan(prevPrev),
                        "unknown statement '" + prevPrev.getText() + "'", hint);
            }
        }
        if (type == NnLexer.ASSIGN && prev != null && prev.getType() == NnLexer.ID) {
            return err("syntax.unexpected", atToken, "unexpected '=' after '" + prev.getText() + "'",
                    "to name a value write: let " + prev.getText() + " = …");
        }
        if (type == NnLexer.AS) {
            return err("syntax.expected", tokenSpan(t).endPoint(), "expected a name after 'as'",
                    "for example: dense(10) as logits");
        }
        if (isDeclKeyword(type)) {
            return err("syntax.unexpected", atToken, "unexpected '" + t.getText() + "' inside a block",
                    "declarations cannot be nested; close the block with '}' first");
        }
        String starts = inLayer ? "a layer call, 'input', 'let', 'param' or 'output'"
                : "a layer call, 'input', 'let' or 'output'";
        return err("syntax.unexpected", atToken, "unexpected " + describeToken(t), "a statement starts with " + starts);
    }

    /** A token that cannot start a top-level declaration. */
    private Diagnostic declarationStart(TokenStream tokens, Token t, Span atToken) {
        int type = t.getType();
        if (type == NnLexer.ID) {
            String hint = Suggestions.didYouMean(t.getText(), DECL_KEYWORDS);
            if (hint != null) {
                return err("syntax.unknown-declaration", atToken, "unknown declaration '" + t.getText() + "'", hint);
            }
            Token next = next(tokens, t);
            if (next != null && (next.getType() == NnParser.CALL_LPAREN || next.getType() == NnLexer.PIPE)) {
                return err("syntax.outside-model", atToken, "a layer call must be inside a model { … }",
                        "for example: model Net { input x: [4]  " + t.getText() + "(…) }");
            }
        }
        if (type == NnLexer.INPUT || type == NnLexer.LET || type == NnLexer.OUTPUT) {
            return err("syntax.outside-model", atToken, "'" + t.getText() + "' is only allowed inside a model { … }", null);
        }
        if (type == NnLexer.PARAM) {
            return err("syntax.outside-model", atToken, "'param' is only allowed inside a layer { … }", null);
        }
        return err("syntax.unexpected", atToken, "unexpected " + describeToken(t),
                "a declaration starts with import, fn, layer, model, data or train");
    }

    // ------------------------------------------------------------ helpers

    /** "add ')' after 'relu'"; for a block, where the block should end. */
    private static String closeHint(Token open, Token prev) {
        if (open.getType() == NnLexer.LBRACE) return "add '}' to end the block, after line " + prev.getLine();
        return "add '" + Brackets.closerText(open.getType()) + "' after '" + prev.getText() + "'";
    }

    private Diagnostic unclosed(Token open, Span where, String hint) {
        return err("syntax.unclosed", where, "unclosed '" + open.getText() + "' opened at "
                + open.getLine() + ":" + (open.getCharPositionInLine() + 1), hint);
    }

    private static Diagnostic err(String code, Span span, String message, String hint) {
        return Diagnostic.error(code, span, message, hint);
    }

    private Span tokenSpan(Token t) {
        if (t.getStartIndex() < 0) {
            int offset = source.lineStart(t.getLine()) + Math.max(0, t.getCharPositionInLine());
            return source.span(offset, offset);
        }
        int end = t.getType() == Token.EOF ? t.getStartIndex() : t.getStopIndex() + 1;
        return source.span(t.getStartIndex(), end);
    }

    static Token previous(TokenStream tokens, Token t) {
        for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
            Token p = tokens.get(i);
            if (p.getChannel() == Token.DEFAULT_CHANNEL) return p;
        }
        return null;
    }

    static Token next(TokenStream tokens, Token t) {
        for (int i = t.getTokenIndex() + 1; i < tokens.size(); i++) {
            Token n = tokens.get(i);
            if (n.getChannel() == Token.DEFAULT_CHANNEL) return n;
        }
        return null;
    }

    private static int argCount(RuleContext c) {
        if (c instanceof NnParser.ArgListContext a) return a.arg().size();
        if (c instanceof NnParser.CallExprContext call && call.argList() != null) return call.argList().arg().size();
        return 0;
    }

    private static int elementCount(RuleContext c) {
        if (c instanceof NnParser.ListExprContext l) return l.expr().size();
        if (c instanceof NnParser.ShapeTypeContext s) return s.dim().size();
        if (c instanceof NnParser.TypedShapeExprContext s) return s.dim().size();
        return 0;
    }

    private static boolean isStmtKeyword(int type) {
        return type == NnLexer.INPUT || type == NnLexer.LET || type == NnLexer.OUTPUT || type == NnLexer.PARAM;
    }

    private static boolean isDeclKeyword(int type) {
        return type == NnLexer.IMPORT || type == NnLexer.FN || type == NnLexer.LAYER || type == NnLexer.MODEL
                || type == NnLexer.DATA || type == NnLexer.TRAIN || type == NnLexer.INTRINSIC;
    }

    /** Tokens after which an expression must follow. */
    private static boolean expectsValueAfter(Token prev) {
        return switch (prev.getType()) {
            case NnLexer.PLUS, NnLexer.MINUS, NnLexer.STAR, NnLexer.SLASH, NnLexer.AT, NnLexer.PIPE,
                 NnLexer.ASSIGN, NnLexer.COMMA, NnLexer.IF, NnLexer.OUTPUT -> true;
            default -> false;
        };
    }

    /** Tokens that can start an expression. */
    static boolean startsValue(int type) {
        return switch (type) {
            case NnLexer.ID, NnLexer.NUMBER, NnLexer.STRING, NnLexer.TRUE, NnLexer.FALSE, NnLexer.LPAREN,
                 NnParser.CALL_LPAREN,
                 NnLexer.LBRACK, NnLexer.MINUS, NnLexer.INT, NnLexer.FLOAT -> true;
            default -> false;
        };
    }

    private static String valueWord(Parser parser, Token prev) {
        if (prev.getType() == NnLexer.PIPE) return "a layer";
        if (prev.getType() == NnLexer.COMMA) {
            for (RuleContext c = parser.getContext(); c != null; c = c.parent) {
                if (c instanceof NnParser.ArgListContext || c instanceof NnParser.CallExprContext) return "an argument";
                if (c instanceof NnParser.ParamListContext) return "a parameter";
                if (c instanceof NnParser.ListExprContext || c instanceof NnParser.ShapeTypeContext) return "an element";
            }
        }
        return "a value";
    }

    private static String openerText(int closeType) {
        return switch (closeType) {
            case NnLexer.RPAREN -> "(";
            case NnLexer.RBRACK -> "[";
            default -> "{";
        };
    }

    /** How a token is named in a message: its text in quotes, or a description for odd tokens. */
    static String describeToken(Token t) {
        return switch (t.getType()) {
            case Token.EOF -> "end of file";
            case NnLexer.STRING -> "string " + abbreviate(t.getText());
            case NnLexer.NUMBER -> "number " + t.getText();
            default -> "'" + abbreviate(t.getText()) + "'";
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 30 ? s.substring(0, 27) + "..." : s;
    }

    /** ", expected A, B or C" when the parser had a short list of possibilities; else "". */
    private static String expectedSuffix(IntervalSet expected) {
        if (expected == null || expected.isNil()) return "";
        List<String> names = new ArrayList<>();
        boolean value = false;
        for (int type : expected.toList()) {
            if (startsValue(type) && type != NnLexer.LPAREN && type != NnParser.CALL_LPAREN && type != NnLexer.LBRACK) {
                value = true;
                continue;
            }
            names.add(typeName(type));
        }
        if (value) names.add(0, "a value");
        if (names.isEmpty() || names.size() > 4) return "";
        if (names.size() == 1) return ", expected " + names.get(0);
        return ", expected " + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String typeName(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NnLexer.ID -> "a name";
            case NnParser.CALL_LPAREN -> "'('";
            case NnLexer.NUMBER -> "a number";
            case NnLexer.STRING -> "a string";
            default -> {
                String literal = NnLexer.VOCABULARY.getLiteralName(type);
                yield literal != null ? literal : NnLexer.VOCABULARY.getDisplayName(type);
            }
        };
    }
}
