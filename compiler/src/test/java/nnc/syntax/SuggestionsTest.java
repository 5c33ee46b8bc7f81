package nnc.syntax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> LAYERS = List.of("dense", "dropout", "conv2d", "maxpool2d", "flatten", "lstm");

    @Test
    void typosFindTheirWord() {
        assertEquals(Optional.of("dense"), Suggestions.closest("dnese", LAYERS));      // swap
        assertEquals(Optional.of("dropout"), Suggestions.closest("dropot", LAYERS));   // deletion
        assertEquals(Optional.of("maxpool2d"), Suggestions.closest("maxpooling2d", LAYERS));
        assertEquals(Optional.of("flatten"), Suggestions.closest("Flatten", LAYERS));  // case only
    }

    @Test
    void unrelatedWordsGetNoSuggestion() {
        assertNull(Suggestions.didYouMean("softmax", LAYERS));
        assertNull(Suggestions.didYouMean("x", LAYERS));
        assertEquals(Optional.empty(), Suggestions.closest("dense", LAYERS)); // exact: nothing to suggest
    }

    @Test
    void distanceIsOptimalStringAlignment() {
        assertEquals(0, Suggestions.distance("abc", "abc"));
        assertEquals(1, Suggestions.distance("abc", "acb"));
        assertEquals(3, Suggestions.distance("", "abc"));
        assertEquals(2, Suggestions.distance("kitten", "sitten") + Suggestions.distance("sitten", "sittin"));
        assertEquals("did you mean 'lstm'?", Suggestions.didYouMean("lsmt", LAYERS));
    }
}
