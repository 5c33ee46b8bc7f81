package nnc.runtime.train;

/** Direction of a monitored quantity, as Keras decides it for {@code mode = auto}. */
final class Monitor {
    private Monitor() {}

    /**
     * Whether larger is better for {@code monitor} in {@code mode} ("min", "max" or "auto"). Auto: losses
     * and error metrics (loss, mse, mae, rmse, …) decrease; accuracy, auc, precision and recall increase.
     */
    static boolean maximise(String monitor, String mode) {
        return switch (mode) {
            case "min" -> false;
            case "max" -> true;
            case "auto" -> {
                String m = monitor.startsWith("val_") ? monitor.substring(4) : monitor;
                yield m.endsWith("acc") || m.endsWith("accuracy") || m.endsWith("auc")
                        || m.endsWith("precision") || m.endsWith("recall");
            }
            default -> throw new IllegalArgumentException("mode must be auto, min or max, got '" + mode + "'");
        };
    }
}
