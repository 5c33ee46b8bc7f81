package nnc.lsp;

import java.util.concurrent.ScheduledFuture;

/**
 * One document open in the editor: its latest text and version, the analysis of that text
 * (computed at most once per version) and the pending debounced diagnostics run.
 */
final class OpenDocument {
    private record Snapshot(String text, int version) {}

    private final String uri;
    private volatile Snapshot current;
    private volatile Analysis analysed;
    private ScheduledFuture<?> pending;
    private final Object analysisLock = new Object();

    OpenDocument(String uri, String text, int version) {
        this.uri = uri;
        this.current = new Snapshot(text, version);
    }

    String uri() {
        return uri;
    }

    int version() {
        return current.version();
    }

    void update(String text, int version) {
        current = new Snapshot(text, version);
    }

    /** Forgets the analysis, e.g. when an imported file changed on disk. */
    void invalidate() {
        analysed = null;
    }

    /** The analysis of the current text; computed here when it is missing or out of date. */
    Analysis analysis(Analyzer analyzer) {
        Snapshot snap = current;
        Analysis a = analysed;
        if (a != null && a.version() == snap.version()) return a;
        synchronized (analysisLock) {
            snap = current;
            a = analysed;
            if (a != null && a.version() == snap.version()) return a;
            a = analyzer.analyze(uri, snap.text(), snap.version());
            analysed = a;
            return a;
        }
    }

    synchronized void replacePending(ScheduledFuture<?> next) {
        if (pending != null) pending.cancel(false);
        pending = next;
    }

    synchronized void cancelPending() {
        if (pending != null) pending.cancel(false);
        pending = null;
    }
}
