package nnc.lsp;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InlayHint;
import org.eclipse.lsp4j.InlayHintParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.SignatureHelp;
import org.eclipse.lsp4j.SignatureHelpParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.TextDocumentService;

/**
 * Open documents and the requests about them. Each change replaces the whole text (full sync);
 * diagnostics are published {@code debounceMs} after the last change, so that a burst of
 * keystrokes is analysed once. Requests use the analysis of the current text, computed on
 * demand when the debounced one has not run yet. Every handler catches its own failures: a
 * bug triggered by some half-typed text is logged to standard error and answered with an
 * empty result, and the server keeps running.
 */
final class NncTextDocumentService implements TextDocumentService, AutoCloseable {
    static final long DEFAULT_DEBOUNCE_MS = 25;

    private final long debounceMs;
    private final Map<String, OpenDocument> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService diagnostics = Executors.newSingleThreadScheduledExecutor(daemon("nnc-lsp-diagnostics"));
    private final ExecutorService requests = Executors.newFixedThreadPool(2, daemon("nnc-lsp-request"));
    private final Analyzer analyzer = new Analyzer();
    private volatile LanguageClient client;

    NncTextDocumentService(long debounceMs) {
        this.debounceMs = debounceMs;
    }

    void connect(LanguageClient client) {
        this.client = client;
    }

    // ------------------------------------------------------------------ synchronisation

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        guardedRun("didOpen", () -> {
            var item = params.getTextDocument();
            OpenDocument doc = new OpenDocument(item.getUri(), item.getText(), item.getVersion());
            open.put(item.getUri(), doc);
            schedule(doc, 0);
        });
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        guardedRun("didChange", () -> {
            OpenDocument doc = open.get(params.getTextDocument().getUri());
            if (doc == null) return;
            List<TextDocumentContentChangeEvent> changes = params.getContentChanges();
            if (changes.isEmpty()) return;
            // Full sync: the last change holds the whole new text.
            doc.update(changes.get(changes.size() - 1).getText(), params.getTextDocument().getVersion());
            schedule(doc, debounceMs);
        });
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        guardedRun("didClose", () -> {
            String uri = params.getTextDocument().getUri();
            OpenDocument doc = open.remove(uri);
            if (doc != null) doc.cancelPending();
            LanguageClient c = client;
            if (c != null) c.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
        });
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // Imports are read from disk: a saved file may change what its importers see.
        guardedRun("didSave", () -> open.values().forEach(doc -> {
            if (!doc.uri().equals(params.getTextDocument().getUri())) {
                doc.invalidate();
                schedule(doc, debounceMs);
            }
        }));
    }

    private void schedule(OpenDocument doc, long delayMs) {
        ScheduledFuture<?> next = diagnostics.schedule(() -> publish(doc), delayMs, TimeUnit.MILLISECONDS);
        doc.replacePending(next);
    }

    private void publish(OpenDocument doc) {
        try {
            Analysis analysis = doc.analysis(analyzer);
            LanguageClient c = client;
            // A newer text has its own publication scheduled; a closed document gets none.
            if (c == null || open.get(doc.uri()) != doc || analysis.version() != doc.version()) return;
            c.publishDiagnostics(new PublishDiagnosticsParams(doc.uri(), analysis.lspDiagnostics(), analysis.version()));
        } catch (Throwable t) {
            Log.error("publishing diagnostics for " + doc.uri(), t);
        }
    }

    /** The analysis of the current text of an open document (null when it is not open). */
    Analysis analysis(String uri) {
        OpenDocument doc = open.get(uri);
        return doc == null ? null : doc.analysis(analyzer);
    }

    // ------------------------------------------------------------------ requests

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return request("hover", params.getTextDocument().getUri(), null,
                a -> Hovers.hover(a, Ranges.offset(a.source(), params.getPosition())));
    }

    @Override
    public CompletableFuture<List<InlayHint>> inlayHint(InlayHintParams params) {
        return request("inlayHint", params.getTextDocument().getUri(), List.of(),
                a -> InlayHints.hints(a, params.getRange()));
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return request("completion", params.getTextDocument().getUri(), Either.forLeft(List.of()),
                a -> Either.forLeft(Completions.complete(a, Ranges.offset(a.source(), params.getPosition()))));
    }

    @Override
    public CompletableFuture<SignatureHelp> signatureHelp(SignatureHelpParams params) {
        return request("signatureHelp", params.getTextDocument().getUri(), null,
                a -> SignatureHelps.help(a, Ranges.offset(a.source(), params.getPosition())));
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        String uri = params.getTextDocument().getUri();
        return request("definition", uri, Either.forLeft(List.of()),
                a -> Either.forLeft(Definitions.find(a, uri, Ranges.offset(a.source(), params.getPosition()))));
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(DocumentSymbolParams params) {
        return request("documentSymbol", params.getTextDocument().getUri(), List.of(),
                a -> Outline.symbols(a).stream().map(Either::<SymbolInformation, DocumentSymbol>forRight).toList());
    }

    /** Runs {@code body} on the analysis of {@code uri} off the message thread; any failure gives {@code fallback}. */
    private <T> CompletableFuture<T> request(String what, String uri, T fallback, Function<Analysis, T> body) {
        Supplier<T> task = () -> {
            try {
                Analysis a = analysis(uri);
                if (a == null) return fallback;
                T result = body.apply(a);
                return result == null ? fallback : result;
            } catch (Throwable t) {
                Log.error(what + " on " + uri, t);
                return fallback;
            }
        };
        return CompletableFuture.supplyAsync(task, requests);
    }

    private static void guardedRun(String what, Runnable body) {
        try {
            body.run();
        } catch (Throwable t) {
            Log.error(what, t);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        diagnostics.shutdownNow();
        requests.shutdownNow();
    }
}
