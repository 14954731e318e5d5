package io.medsum.local.infra;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold API keys or patient data (report text, summaries, patient ids): created readable by their owner only
 * (0600) in folders only their owner can enter (0700). The permissions are given at creation, so there is no moment in
 * which another user could open the file. On a file system without POSIX permissions (Windows) files are created with
 * the folder's defaults, which is all that can be done there.
 */
public final class PrivateFiles {
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /**
     * Creates {@code folder} and any missing parents as 0700. An existing folder is narrowed to 0700 too: an earlier
     * version created the state directory 0755, and what it holds now needs the narrower one.
     */
    public static Path folder(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            if (posix(absolute.getFileSystem())) {
                Files.setPosixFilePermissions(absolute, FOLDER);
            }
            return folder;
        }
        Path parent = absolute.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            folder(parent);
        }
        try {
            if (posix(absolute.getFileSystem())) {
                Files.createDirectory(absolute, attribute(FOLDER));
            } else {
                Files.createDirectory(absolute);
            }
        } catch (FileAlreadyExistsException raced) {
            // Another process created it between the check and here; it is ours to use all the same.
        }
        return folder;
    }

    /**
     * Writes {@code text} to {@code file} as a whole: into a 0600 temporary file beside it, then renamed over it, so a
     * reader never sees half a file and the file is never readable by others, not even while being written.
     */
    public static void write(Path file, String text) throws IOException {
        Path absolute = file.toAbsolutePath();
        Path folder = absolute.getParent();
        Path name = absolute.getFileName();
        if (folder == null || name == null) {
            throw new IllegalArgumentException("Not a file path: " + file);
        }
        Path temp = posix(absolute.getFileSystem())
                ? Files.createTempFile(folder, "." + name, ".tmp", attribute(FILE))
                : Files.createTempFile(folder, "." + name, ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Opens {@code file} for appending, creating it 0600 when it does not exist yet. */
    public static BufferedWriter append(Path file) throws IOException {
        create(file);
        return new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(file, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                StandardCharsets.UTF_8));
    }

    /** Opens {@code file} to be written from the start, creating it 0600 when it does not exist yet. */
    public static BufferedWriter overwrite(Path file) throws IOException {
        create(file);
        return new BufferedWriter(new OutputStreamWriter(
                Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                StandardCharsets.UTF_8));
    }

    private static void create(Path file) throws IOException {
        try {
            if (posix(file.toAbsolutePath().getFileSystem())) {
                Files.createFile(file, attribute(FILE));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException existing) {
            // Appending to (or replacing the content of) a file an earlier run created: its mode stays as it was.
        }
    }

    private static boolean posix(FileSystem fileSystem) {
        return fileSystem.supportedFileAttributeViews().contains("posix");
    }

    private static FileAttribute<Set<PosixFilePermission>> attribute(Set<PosixFilePermission> permissions) {
        return PosixFilePermissions.asFileAttribute(permissions);
    }
}
