package io.vqz.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PchipTest {
    @Test
    void handComputedValueWithFritschCarlsonSlopes() {
        // x = 0,1,2; y = 0,1,4: interior slope 1.5 (weighted harmonic mean of 1 and 3), end slopes 0 and 4
        Pchip p = new Pchip(new double[] {0, 1, 2}, new double[] {0, 1, 4});
        assertEquals(0.3125, p.value(0.5), 1e-12);
        assertEquals(1.0, p.value(1), 1e-12);
        assertEquals(4.0, p.value(2), 1e-12);
        // ∫0..1 of the Hermite cubic = h(y0 + y1)/2 + h²(d0 − d1)/12
        assertEquals(0.5 + (0 - 1.5) / 12, p.integral(0, 1), 1e-12);
    }

    @Test
    void reproducesLinesAndIntegratesThemExactly() {
        Pchip p = new Pchip(new double[] {1, 2, 4, 7}, new double[] {3, 5, 9, 15});
        assertEquals(8.0, p.value(3.5), 1e-12);
        assertEquals((49 + 7) - (6.25 + 2.5), p.integral(2.5, 7), 1e-9); // ∫ (2x+1) = x² + x
        assertEquals(0.0, p.integral(1.5, 1.5));
    }

    @Test
    void preservesMonotonicityWhereSplinesOvershoot() {
        Pchip p = new Pchip(new double[] {0, 1, 2, 3}, new double[] {0, 0, 10, 10});
        double prev = -1;
        for (double t = 0; t <= 3; t += 0.01) {
            double v = p.value(t);
            assertTrue(v >= prev - 1e-12 && v >= -1e-12 && v <= 10 + 1e-12, "at " + t + ": " + v);
            prev = v;
        }
    }

    @Test
    void rejectsBadKnots() {
        assertThrows(IllegalArgumentException.class, () -> new Pchip(new double[] {0}, new double[] {0}));
        assertThrows(IllegalArgumentException.class, () -> new Pchip(new double[] {0, 0}, new double[] {0, 1}));
    }
}
