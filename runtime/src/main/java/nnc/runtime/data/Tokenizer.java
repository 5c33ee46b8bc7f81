package nnc.runtime.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras' text {@code Tokenizer} with its defaults: texts are lower-cased, the characters
 * {@code !"#$%&()*+,-./:;<=>?@[\]^_`{|}~} and tab/newline become spaces, words are split on spaces.
 * The vocabulary is ordered by decreasing frequency (ties in order of first appearance), indices start
 * at 1 (0 is padding). {@code texts_to_sequences} keeps only words with index {@code < num_words} (so
 * the {@code num_words - 1} most frequent words, as Keras does) and drops the others (no OOV token).
 */
public final class Tokenizer {
    static final String FILTERS = "!\"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n";
    private final List<String> vocabulary; // index k+1 -> word
    private final Map<String, Integer> index = new HashMap<>();
    private final int numWords;
    private final boolean lower;

    private Tokenizer(List<String> vocabulary, int numWords, boolean lower) {
        this.vocabulary = List.copyOf(vocabulary);
        this.numWords = numWords;
        this.lower = lower;
        for (int k = 0; k < vocabulary.size(); k++) index.put(vocabulary.get(k), k + 1);
    }

    /** Splits a text into words as Keras' {@code text_to_word_sequence} (lower-cased). */
    public static List<String> words(String text) {
        return words(text, true);
    }

    /** Splits a text into words, lower-casing it first when {@code lower}. */
    public static List<String> words(String text, boolean lower) {
        StringBuilder sb = new StringBuilder(text.length());
        for (char c : (lower ? text.toLowerCase(java.util.Locale.ROOT) : text).toCharArray()) sb.append(FILTERS.indexOf(c) >= 0 ? ' ' : c);
        List<String> out = new ArrayList<>();
        for (String w : sb.toString().split(" ")) if (!w.isEmpty()) out.add(w);
        return out;
    }

    /** Builds the vocabulary from {@code texts} ({@code fit_on_texts}); {@code numWords <= 0} keeps every word. */
    public static Tokenizer fit(List<String> texts, int numWords) {
        return fit(texts, numWords, true);
    }

    /** {@link #fit(List, int)} with Keras' {@code lower} flag. */
    public static Tokenizer fit(List<String> texts, int numWords, boolean lower) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String t : texts) for (String w : words(t, lower)) counts.merge(w, 1, Integer::sum);
        List<String> vocab = new ArrayList<>(counts.keySet());
        vocab.sort((a, b) -> Integer.compare(counts.get(b), counts.get(a))); // stable: ties keep first-appearance order
        if (numWords > 0 && vocab.size() > numWords - 1) vocab = new ArrayList<>(vocab.subList(0, Math.max(0, numWords - 1)));
        return new Tokenizer(vocab, numWords, lower);
    }

    /** A tokenizer from a saved vocabulary (one word per line, index order). */
    public static Tokenizer fromVocabulary(String lines, int numWords) {
        return fromVocabulary(lines, numWords, true);
    }

    /** A tokenizer from a saved vocabulary, with Keras' {@code lower} flag. */
    public static Tokenizer fromVocabulary(String lines, int numWords, boolean lower) {
        return new Tokenizer(lines.isEmpty() ? List.of() : List.of(lines.split("\n", -1)), numWords, lower);
    }

    /** The kept vocabulary, one word per line, index 1 first. */
    public String vocabularyText() {
        return String.join("\n", vocabulary);
    }

    /** Word of index k (1-based). */
    public String word(int k) {
        return vocabulary.get(k - 1);
    }

    /** Index of a word, or 0 when it is not in the (truncated) vocabulary. */
    public int index(String w) {
        Integer k = index.get(w);
        return k == null || (numWords > 0 && k >= numWords) ? 0 : k;
    }

    /** Keras' {@code texts_to_sequences}: unknown words are dropped. */
    public int[] sequence(String text) {
        List<String> ws = words(text, lower);
        int[] tmp = new int[ws.size()];
        int n = 0;
        for (String w : ws) {
            int k = index(w);
            if (k > 0) tmp[n++] = k;
        }
        return java.util.Arrays.copyOf(tmp, n);
    }
}
