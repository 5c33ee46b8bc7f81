package nnc.syntax;

/** How serious a {@link Diagnostic} is. Only errors make {@code nnc check} fail. */
public enum Severity {
    ERROR("error"),
    WARNING("warning"),
    NOTE("note");

    private final String label;

    Severity(String label) {
        this.label = label;
    }

    /** The word printed after the position: {@code error}, {@code warning}, {@code note}. */
    public String label() {
        return label;
    }
}
