package nnc.lsp;

import java.util.ArrayList;
import java.util.List;
import nnc.syntax.antlr.NnLexer;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;

/**
 * The document's tokens from the grammar's own lexer. Editor features that must work on
 * half-typed text (completion, the word under the cursor) read tokens instead of the AST,
 * which after a syntax error may lack the very node being typed. The lexer never fails: bad
 * input becomes error tokens.
 */
final class Tokens {
    private final List<Token> all;

    private Tokens(List<Token> all) {
        this.all = all;
    }

    /** All tokens of {@code text}, hidden ones (comments, whitespace) included, without EOF. */
    static Tokens lex(String text) {
        NnLexer lexer = new NnLexer(CharStreams.fromString(text));
        lexer.removeErrorListeners();
        List<Token> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); t.getType() != Token.EOF; t = lexer.nextToken()) out.add(t);
        return new Tokens(out);
    }

    List<Token> all() {
        return all;
    }

    /** The tokens on the default channel that end at or before {@code offset}. */
    List<Token> significantBefore(int offset) {
        List<Token> out = new ArrayList<>();
        for (Token t : all) {
            if (t.getStopIndex() + 1 > offset) break;
            if (t.getChannel() == Token.DEFAULT_CHANNEL) out.add(t);
        }
        return out;
    }

    /** The token that covers {@code offset} or ends just before it (cursor after a word), or null. */
    Token at(int offset) {
        Token best = null;
        for (Token t : all) {
            if (t.getStartIndex() > offset) break;
            if (offset <= t.getStopIndex() + 1) {
                // Prefer a word over the whitespace or punctuation that touches the cursor.
                if (best == null || t.getType() == NnLexer.ID) best = t;
            }
        }
        return best;
    }

    /** The identifier under or just before the cursor, or null. */
    Token identifierAt(int offset) {
        Token t = at(offset);
        return t != null && t.getType() == NnLexer.ID ? t : null;
    }

    /** True when the cursor is inside a comment or a string, where nothing is completed. */
    boolean inCommentOrString(int offset) {
        for (Token t : all) {
            if (t.getStartIndex() >= offset) break;
            int end = t.getStopIndex() + 1;
            int type = t.getType();
            boolean lineComment = type == NnLexer.LINE_COMMENT && offset <= end;
            boolean open = (type == NnLexer.UNTERMINATED_STRING || type == NnLexer.UNTERMINATED_COMMENT) && offset <= end;
            boolean closed = (type == NnLexer.STRING || type == NnLexer.BLOCK_COMMENT || type == NnLexer.BAD_ESCAPE_STRING)
                    && offset < end;
            if (lineComment || open || closed) return true;
        }
        return false;
    }
}
