package io.mig4j.testkit.kube;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * The body of a watch response: newline-delimited JSON events read from a {@link Watcher}, one chunk per read so
 * that the HTTP layer flushes each event as it comes. Ends cleanly at {@code timeoutSeconds} or when the watch is
 * ended; fails (an abrupt end of the chunked response) when the watch is dropped. Closing it (the client went away
 * and the write failed) deregisters the watcher, so a disconnected client leaks nothing.
 */
final class WatchStream extends InputStream {
    private static final long POLL_SLICE_MILLIS = 250;

    private final Watcher watcher;
    private final Function<Watcher.Item, byte[]> encoder;
    private final long deadlineNanos;
    private byte[] current = new byte[0];
    private int pos;
    private boolean ended;
    private boolean dropPending;

    WatchStream(Watcher watcher, Function<Watcher.Item, byte[]> encoder, long timeoutSeconds) {
        this.watcher = watcher;
        this.encoder = encoder;
        this.deadlineNanos = timeoutSeconds > 0 ? System.nanoTime() + timeoutSeconds * 1_000_000_000L : Long.MAX_VALUE;
    }

    Watcher watcher() {
        return watcher;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos >= current.length) {
            if (dropPending) {
                throw new IOException("watch dropped");
            }
            if (ended || !fill()) {
                ended = true;
                return -1;
            }
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Blocks for the next item, then takes every item already queued, so a burst goes out as one chunk. */
    private boolean fill() throws IOException {
        Watcher.Item item;
        try {
            item = next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watcher.close();
            return false;
        }
        if (item == null) {
            watcher.close();
            return false;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (item != null) {
            if (item.kind == Watcher.Item.Kind.END) {
                ended = true;
                break;
            }
            if (item.kind == Watcher.Item.Kind.DROP) {
                if (out.size() == 0) {
                    throw new IOException("watch dropped");
                }
                dropPending = true;
                break;
            }
            out.write(encoder.apply(item));
            if (out.size() > 64 * 1024) {
                break;
            }
            item = watcher.pollNow();
        }
        current = out.toByteArray();
        pos = 0;
        return current.length > 0;
    }

    private Watcher.Item next() throws InterruptedException {
        while (true) {
            long left = deadlineNanos == Long.MAX_VALUE ? POLL_SLICE_MILLIS
                    : Math.min(POLL_SLICE_MILLIS, (deadlineNanos - System.nanoTime()) / 1_000_000);
            if (left <= 0) {
                return null;
            }
            Watcher.Item item = watcher.poll(left);
            if (item != null) {
                return item;
            }
        }
    }

    @Override
    public void close() {
        watcher.close();
    }
}
