package nnc.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The vector lane sum against its scalar twin, bit for bit, on values where the order matters. */
class LaneSumTest {
    @Test
    void vectorAndScalarFormsAgreeBitForBit() {
        var s = FloatVector.SPECIES_PREFERRED;
        Random rnd = new Random(3);
        for (int t = 0; t < 2000; t++) {
            float[] lanes = new float[s.length()];
            // mixed magnitudes: a sequential sum and a tree sum round differently
            for (int i = 0; i < lanes.length; i++) lanes[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(8) - 4));
            float v = LaneSum.of(FloatVector.fromArray(s, lanes, 0));
            assertEquals(Float.floatToIntBits(LaneSum.ofScalar(lanes)), Float.floatToIntBits(v), "trial " + t);
        }
    }
}
