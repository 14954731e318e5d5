package io.medsum.local.services;

import io.medsum.local.infra.PrivateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the local secrets at rest: AES-256-GCM with a random 96-bit IV per value and the secret's name as additional
 * authenticated data, so a value copied onto another secret's entry fails to decrypt instead of being served under the
 * wrong name. The 256-bit key is made on first use and kept in its own 0600 file beside the secrets; in AWS this is the
 * stack's KMS key. It protects against the secrets file being read or copied alone (a backup, a shared folder), not
 * against someone who can read both files as the stack's user.
 */
final class SecretsCipher {
    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretsCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The key in {@code keyFile}, made (0600) if the file does not exist yet. */
    static SecretsCipher withKeyIn(Path keyFile) throws IOException {
        if (Files.exists(keyFile)) {
            byte[] key = Base64.getDecoder()
                    .decode(Files.readString(keyFile, StandardCharsets.UTF_8).trim());
            if (key.length != KEY_BYTES) {
                throw new IOException("The local secrets key in " + keyFile + " is not a 256-bit key");
            }
            return new SecretsCipher(key);
        }
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        PrivateFiles.write(keyFile, Base64.getEncoder().encodeToString(key) + "\n");
        return new SecretsCipher(key);
    }

    /** A key that lives in memory only (a stack without a data directory). */
    static SecretsCipher ephemeral() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return new SecretsCipher(key);
    }

    /** base64(IV ‖ ciphertext ‖ tag). */
    String encrypt(String name, String value) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(value.getBytes(StandardCharsets.UTF_8));
            byte[] out = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt a local secret", e);
        }
    }

    /** The value {@link #encrypt} sealed for this name; fails if it was sealed for another name or another key. */
    String decrypt(String name, String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            if (in.length <= IV_BYTES) {
                throw new IllegalStateException("A local secret is truncated");
            }
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, IV_BYTES));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // The message names the secret, never a value.
            throw new IllegalStateException(
                    "Cannot decrypt the local secret " + name
                            + ": the secrets file and its key file do not belong together",
                    e);
        }
    }
}
