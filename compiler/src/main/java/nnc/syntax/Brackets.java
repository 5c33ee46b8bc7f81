package nnc.syntax;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import nnc.syntax.antlr.NnLexer;
import nnc.syntax.antlr.NnParser;
import org.antlr.v4.runtime.Token;

/**
 * Bracket structure of a token list, computed before parsing so that syntax errors can say
 * which bracket is still open ("unclosed '(' opened at 4:10") or that a closing bracket has
 * no partner. Works on token indexes of the parser's token stream (hidden tokens are skipped).
 */
final class Brackets {
    /** For each token index: the innermost bracket still open just before that token, or null. */
    private final Token[] openBefore;
    /** For each token index: true when it is a closing bracket that matches no open one. */
    private final boolean[] unmatched;

    Brackets(List<? extends Token> tokens) {
        openBefore = new Token[tokens.size()];
        unmatched = new boolean[tokens.size()];
        Deque<Token> stack = new ArrayDeque<>();
        for (Token t : tokens) {
            int i = t.getTokenIndex();
            if (i < 0 || i >= openBefore.length) continue;
            openBefore[i] = stack.peek();
            if (t.getChannel() != Token.DEFAULT_CHANNEL) continue;
            int type = t.getType();
            if (isOpen(type)) {
                stack.push(t);
            } else if (isClose(type)) {
                if (stack.stream().anyMatch(o -> closerOf(o.getType()) == type)) {
                    // Pop brackets left open inside, up to the partner of this one.
                    while (!stack.isEmpty() && closerOf(stack.pop().getType()) != type) { }
                } else {
                    unmatched[i] = true;
                }
            }
        }
    }

    /** The innermost bracket open just before the token with this index (null when none). */
    Token openBefore(int tokenIndex) {
        return tokenIndex >= 0 && tokenIndex < openBefore.length ? openBefore[tokenIndex] : null;
    }

    /** True when the token with this index is a closing bracket without an opening partner. */
    boolean isUnmatchedClose(int tokenIndex) {
        return tokenIndex >= 0 && tokenIndex < unmatched.length && unmatched[tokenIndex];
    }

    static boolean isOpen(int type) {
        return type == NnLexer.LPAREN || type == NnParser.CALL_LPAREN || type == NnLexer.LBRACK
                || type == NnLexer.LBRACE;
    }

    static boolean isClose(int type) {
        return type == NnLexer.RPAREN || type == NnLexer.RBRACK || type == NnLexer.RBRACE;
    }

    /** The closing token type for an opening one. */
    static int closerOf(int openType) {
        return switch (openType) {
            case NnLexer.LPAREN, NnParser.CALL_LPAREN -> NnLexer.RPAREN;
            case NnLexer.LBRACK -> NnLexer.RBRACK;
            case NnLexer.LBRACE -> NnLexer.RBRACE;
            default -> -1;
        };
    }

    static String closerText(int openType) {
        return switch (openType) {
            case NnLexer.LPAREN, NnParser.CALL_LPAREN -> ")";
            case NnLexer.LBRACK -> "]";
            case NnLexer.LBRACE -> "}";
            default -> "?";
        };
    }
}
