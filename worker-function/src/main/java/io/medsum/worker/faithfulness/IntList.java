package io.medsum.worker.faithfulness;

import java.util.Arrays;

/** A growable list of ints (token positions), without boxing. */
final class IntList {
    private int[] a = new int[4];
    private int size;

    void add(int v) {
        if (size == a.length) {
            a = Arrays.copyOf(a, size * 2);
        }
        a[size++] = v;
    }

    void addAll(IntList other) {
        if (other != null) {
            for (int i = 0; i < other.size; i++) {
                add(other.a[i]);
            }
        }
    }

    int get(int i) {
        return a[i];
    }

    int size() {
        return size;
    }

    int[] toArray() {
        return Arrays.copyOf(a, size);
    }

    boolean isEmpty() {
        return size == 0;
    }
}
