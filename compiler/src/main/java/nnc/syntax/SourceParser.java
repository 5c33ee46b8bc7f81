package nnc.syntax;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nnc.syntax.antlr.NnLexer;
import nnc.syntax.antlr.NnParser;
import nnc.syntax.ast.Program;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * The front door of the syntax stage: text in, AST and diagnostics out. Never throws for any
 * input. Lexical errors (bad characters, unterminated strings and comments, bad escapes) are
 * reported and the offending token repaired or hidden, so that parsing goes on and several
 * errors are reported in one run.
 */
public final class SourceParser {
    private SourceParser() {}

    public static ParseResult parse(SourceFile source) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Token> tokens = lex(source, diagnostics);
        markCallParens(tokens);
        Brackets brackets = new Brackets(tokens);

        NnParser parser = new NnParser(new CommonTokenStream(new ListTokenSource(tokens, source.path())));
        parser.removeErrorListeners();
        List<Diagnostic> syntax = new ArrayList<>();
        // One error per line: lexical errors take their line first.
        Set<Integer> linesWithError = new HashSet<>();
        for (Diagnostic d : diagnostics) linesWithError.add(d.span().line());

        // Two-stage parse: the fast SLL mode settles every correct file; only a file with a
        // syntax error (or a rare SLL conflict) is parsed again in full LL mode, with the
        // recovering error strategy that writes the messages.
        NnParser.ProgramContext tree;
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            tree = parser.program();
        } catch (ParseCancellationException e) {
            parser.setInputStream(new CommonTokenStream(new ListTokenSource(tokens, source.path())));
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new FriendlyErrors(source, brackets, syntax, linesWithError));
            tree = parser.program();
        }
        unclosedAtEnd(source, tokens, brackets, syntax, linesWithError);

        // After an unterminated string or comment the rest of the file is seen askew: keep
        // only the syntax errors before it.
        int confusedFrom = diagnostics.stream()
                .filter(d -> d.code().startsWith("lex.unterminated"))
                .mapToInt(d -> d.span().start()).min().orElse(Integer.MAX_VALUE);
        for (Diagnostic d : syntax) {
            if (d.span().start() < confusedFrom) diagnostics.add(d);
        }

        Program program = new AstBuilder(source).program(tree);
        List<Diagnostic> lint = new ArrayList<>();
        SyntaxLint.check(program, source, lint);
        for (Diagnostic d : lint) {
            if (d.span().start() < confusedFrom && linesWithError.add(d.span().line())) diagnostics.add(d);
        }
        return new ParseResult(program, DiagnosticRenderer.sorted(diagnostics));
    }

    /** Convenience for tests and tools: parses a string under a display path. */
    public static ParseResult parse(String path, String text) {
        return parse(new SourceFile(path, text));
    }

    /**
     * A '(' right after a name on the same line opens a call (or a fn/layer's parameters): it
     * becomes CALL_LPAREN, so that statements, which need no separator, stay unambiguous.
     */
    private static void markCallParens(List<Token> tokens) {
        Token previous = null;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) continue;
            if (t.getType() == NnLexer.LPAREN && previous != null && previous.getType() == NnLexer.ID
                    && previous.getLine() == t.getLine()) {
                ((CommonToken) t).setType(NnParser.CALL_LPAREN);
            }
            previous = t;
        }
    }

    /** A bracket still open at the end of the file is reported unless the parser already did. */
    private static void unclosedAtEnd(SourceFile source, List<Token> tokens, Brackets brackets,
                                      List<Diagnostic> syntax, Set<Integer> linesWithError) {
        Token eof = tokens.get(tokens.size() - 1);
        Token open = brackets.openBefore(eof.getTokenIndex());
        if (open == null) return;
        String at = open.getLine() + ":" + (open.getCharPositionInLine() + 1);
        if (syntax.stream().anyMatch(d -> d.message().endsWith("opened at " + at))) return;
        Token last = null;
        for (Token t : tokens) {
            if (t.getChannel() == Token.DEFAULT_CHANNEL && t.getType() != Token.EOF) last = t;
        }
        int end = last == null ? 0 : last.getStopIndex() + 1;
        syntax.add(Diagnostic.error("syntax.unclosed", source.span(end, end),
                "unclosed '" + open.getText() + "' opened at " + at,
                "add '" + Brackets.closerText(open.getType()) + "' to close it"));
        linesWithError.add(source.lineOf(end));
    }

    /** All tokens (hidden ones included, EOF last) with the error tokens reported and neutralised. */
    private static List<Token> lex(SourceFile source, List<Diagnostic> diagnostics) {
        NnLexer lexer = new NnLexer(CharStreams.fromString(source.text(), source.path()));
        lexer.removeErrorListeners();
        List<Token> tokens = new ArrayList<>();
        int before = diagnostics.size();
        while (true) {
            CommonToken t = (CommonToken) lexer.nextToken();
            t.setTokenIndex(tokens.size());
            tokens.add(t);
            if (t.getType() == Token.EOF) break;
            Span span = source.span(t.getStartIndex(), t.getStopIndex() + 1);
            switch (t.getType()) {
                case NnLexer.ERROR_CHAR -> {
                    diagnostics.add(badCharacter(t.getText(), span, tokens));
                    t.setChannel(Token.HIDDEN_CHANNEL);
                }
                case NnLexer.UNTERMINATED_COMMENT -> {
                    diagnostics.add(Diagnostic.error("lex.unterminated-comment", source.span(t.getStartIndex(), t.getStartIndex() + 2),
                            "unterminated comment: '/*' without a closing '*/'", "close the comment with */"));
                    t.setChannel(Token.HIDDEN_CHANNEL);
                }
                case NnLexer.UNTERMINATED_STRING -> {
                    diagnostics.add(Diagnostic.error("lex.unterminated-string", span,
                            "unterminated string: missing the closing '\"'", "strings end on the line they start"));
                    t.setType(NnLexer.STRING);
                }
                case NnLexer.BAD_ESCAPE_STRING -> {
                    int at = badEscapeOffset(t.getText());
                    int start = t.getStartIndex() + at;
                    diagnostics.add(Diagnostic.error("lex.bad-escape", source.span(start, start + 2),
                            "unknown escape '" + t.getText().substring(at, at + 2) + "' in a string",
                            "the escapes are \\\" \\\\ \\n \\t; write \\\\ for a backslash"));
                    t.setType(NnLexer.STRING);
                }
                default -> { }
            }
        }
        // One lexical error per line, like syntax errors.
        Set<Integer> lines = new HashSet<>();
        List<Diagnostic> lexical = new ArrayList<>(diagnostics.subList(before, diagnostics.size()));
        diagnostics.subList(before, diagnostics.size()).clear();
        for (Diagnostic d : lexical) {
            if (lines.add(d.span().line())) diagnostics.add(d);
        }
        return tokens;
    }

    private static int badEscapeOffset(String text) {
        for (int i = 1; i < text.length() - 1; i++) {
            if (text.charAt(i) == '\\') {
                char n = text.charAt(i + 1);
                if (n != '"' && n != '\\' && n != 'n' && n != 't') return i;
                i++;
            }
        }
        return 0;
    }

    private static Diagnostic badCharacter(String text, Span span, List<Token> before) {
        String shown = text.codePointAt(0) < 32 ? String.format("\\u%04x", (int) text.charAt(0)) : text;
        String hint = switch (text) {
            case ";" -> "no ';' is needed: statements follow each other, one per line";
            case "'" -> "strings are written with double quotes: \"…\"";
            case "#" -> "comments start with // (or /* … */)";
            case "|" -> "the pipe operator is written |>";
            case ">" -> "the pipe operator is written |> and a result type ->";
            case "." -> "numbers need a digit before the '.': 0.5";
            case "%", "^", "&", "!", "?", "<", "$", "~", "`" -> "'" + text + "' is not an operator of the language";
            default -> null;
        };
        return Diagnostic.error("lex.bad-char", span, "unexpected character '" + shown + "'", hint);
    }
}
