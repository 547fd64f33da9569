package io.mig4j.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a text file named on the command line, or stdin for {@code -}, with a message for each way that can go
 * wrong that says what the path really is: missing, a directory, a dangling symbolic link or a loop of them, a
 * device such as {@code /dev/null}, too large, or not UTF-8. Named pipes (what {@code -f <(...)} passes) are
 * read like stdin.
 */
final class InputFile {
    /** mig-parted files are a few KiB; anything this large is a wrong file, and must not fill the heap. */
    static final int MAX_BYTES = 4 * 1024 * 1024;

    private static final ThreadLocal<InputStream> STDIN = ThreadLocal.withInitial(() -> System.in);

    private InputFile() {
    }

    /** Where {@code -} reads from on this thread (tests run the CLI in-process with their own input). */
    static void useStdin(InputStream in) {
        STDIN.set(in);
    }

    /** Standard input, or what a test put in its place. */
    static InputStream stdin() {
        return STDIN.get();
    }

    static void resetStdin() {
        STDIN.remove();
    }

    /** The name errors give for the input: the path as written, or {@code <stdin>}. */
    static String displayName(Path file) {
        return isStdin(file) ? "<stdin>" : file.toString();
    }

    static boolean isStdin(Path file) {
        return file.toString().equals("-");
    }

    /**
     * The file's text.
     *
     * @param what what the file should be, for messages, e.g. {@code a mig-parted YAML file}
     * @throws BadInputException with one line naming the file and the problem
     */
    static String read(Path file, String what) {
        String name = displayName(file);
        byte[] bytes;
        if (isStdin(file)) {
            bytes = readBounded(STDIN.get(), name, what);
        } else {
            checkReadable(file, what);
            String kind = specialKind(file);
            if (kind != null && !kind.equals("a named pipe")) {
                throw new BadInputException("cannot read " + name + ": it is " + kind + ", not " + what);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = readBounded(in, name, what);
            } catch (IOException e) {
                throw new BadInputException("cannot read " + name + ": " + reason(e));
            }
        }
        if (bytes.length == 0) {
            throw new BadInputException("cannot read " + name + ": it is empty (0 bytes); expected " + what);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException("cannot read " + name + ": not UTF-8 text (" + what + " was expected)");
        }
    }

    private static void checkReadable(Path file, String what) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new BadInputException("cannot read " + name + ": it is a directory, not " + what);
        }
        if (Files.exists(file)) {
            if (!Files.isReadable(file)) {
                throw new BadInputException("cannot read " + name + ": permission denied");
            }
            return;
        }
        if (!Files.isSymbolicLink(file)) {
            throw new BadInputException("cannot read " + name + ": no such file");
        }
        try {
            file.toRealPath();
        } catch (NoSuchFileException e) {
            String target;
            try {
                target = Files.readSymbolicLink(file).toString();
            } catch (IOException | UnsupportedOperationException x) {
                target = "?";
            }
            throw new BadInputException("cannot read " + name + ": it is a symbolic link to " + target
                    + ", which does not exist");
        } catch (FileSystemException e) {
            throw new BadInputException("cannot read " + name + ": too many levels of symbolic links (a loop of"
                    + " links, or a chain of them too long to follow)");
        } catch (IOException e) {
            throw new BadInputException("cannot read " + name + ": " + reason(e));
        }
        throw new BadInputException("cannot read " + name + ": no such file");
    }

    /** What a path that exists but is not a regular file or directory is, or null for a regular file. */
    private static String specialKind(Path file) {
        if (Files.isRegularFile(file)) {
            return null;
        }
        try {
            // the "unix" attribute view gives st_mode on Linux and macOS; file type bits from stat(2)
            int mode = (Integer) Files.getAttribute(file, "unix:mode");
            switch (mode & 0170000) {
                case 0010000: return "a named pipe";
                case 0020000: return "a character device";
                case 0060000: return "a block device";
                case 0140000: return "a socket";
                default: return "not a regular file";
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "not a regular file";
        }
    }

    private static byte[] readBounded(InputStream in, String name, String what) {
        try {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new BadInputException("cannot read " + name + ": larger than " + (MAX_BYTES / (1024 * 1024))
                        + " MiB, which is not " + what);
            }
            return bytes;
        } catch (IOException e) {
            throw new BadInputException("cannot read " + name + ": " + reason(e));
        }
    }

    /** An I/O failure's reason in a few lowercase words, e.g. {@code is a directory}. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
