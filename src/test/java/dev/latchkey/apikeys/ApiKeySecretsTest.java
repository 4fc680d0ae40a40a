package dev.latchkey.apikeys;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeySecretsTest {
    private final ApiKeySecrets secrets = new ApiKeySecrets();

    @Test
    void a_generated_key_has_the_published_shape_and_parses_back_to_its_id() {
        ApiKeySecrets.Generated key = secrets.generate();
        assertThat(key.plaintext()).hasSize(ApiKeySecrets.LENGTH).hasSize(67).startsWith("lk_" + key.keyId() + "_");
        assertThat(key.plaintext()).matches("[A-Za-z0-9_]+");
        assertThat(Pattern.compile(ApiKeySecrets.REGEX).matcher("token=" + key.plaintext() + ";").find()).isTrue();
        ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(key.plaintext());
        assertThat(parsed).isNotNull();
        assertThat(parsed.keyId()).isEqualTo(key.keyId()).matches("[a-z0-9]{14}");
        assertThat(parsed.secret()).hasSize(43);
        assertThat(key.secretHashHex()).isEqualTo(dev.latchkey.core.Hashing.sha256Hex(parsed.secret()));
    }

    @Test
    void every_single_character_typo_is_rejected_by_the_checksum_or_the_alphabet() {
        String key = secrets.generate().plaintext();
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            char other = c == 'a' ? 'b' : 'a';
            String typo = key.substring(0, i) + other + key.substring(i + 1);
            assertThat(ApiKeySecrets.parse(typo)).as("typo at %d", i).isNull();
        }
    }

    @Test
    void malformed_strings_are_rejected() {
        assertThat(ApiKeySecrets.parse(null)).isNull();
        assertThat(ApiKeySecrets.parse("")).isNull();
        assertThat(ApiKeySecrets.parse("mb_short")).isNull();
        assertThat(ApiKeySecrets.parse("mb_' OR 1=1 --")).isNull();
        assertThat(ApiKeySecrets.parse("mb_" + "A".repeat(252))).isNull();
        String key = secrets.generate().plaintext();
        assertThat(ApiKeySecrets.parse(key + "x")).isNull();
        assertThat(ApiKeySecrets.parse(key.substring(1))).isNull();
        assertThat(ApiKeySecrets.parse(key.toUpperCase())).isNull();
    }

    @Test
    void a_metabase_format_key_parses_to_an_id_derived_from_its_digest_and_the_whole_key_as_secret() {
        String mb = "mb_UGXWibc0YbG+s9AClYhUTDk0bw3Wxe9GqQraBWcBvnQ=";
        ApiKeySecrets.Parsed parsed = ApiKeySecrets.parse(mb);
        assertThat(parsed.keyId()).matches("mb_[0-9a-f]{16}").isEqualTo("mb_" + dev.latchkey.core.Hashing.sha256Hex(mb).substring(0, 16));
        assertThat(parsed.secret()).isEqualTo(mb);
        assertThat(ApiKeySecrets.parse("mb_UGXWibc0YbG+s9AClYhUTDk0bw3Wxe9GqQraBWcBvnQ+").keyId()).isNotEqualTo(parsed.keyId());
        String masked = ApiKeySecrets.mask(parsed.keyId());
        assertThat(masked).hasSize(ApiKeySecrets.LENGTH).startsWith(parsed.keyId()).doesNotContain("UGXW");
        assertThat(ApiKeySecrets.publicPrefix(parsed.keyId())).isEqualTo(parsed.keyId());
    }

    @Test
    void the_stored_form_of_a_key_round_trips_through_its_key_sha256_digest() {
        ApiKeySecrets.Generated key = secrets.generate();
        ApiKeySecrets.Stored stored = ApiKeySecrets.Stored.ofKey(key.plaintext());
        assertThat(stored).isEqualTo(new ApiKeySecrets.Stored(key.keyId(), key.secretHashHex()));
        assertThat(stored.digest()).matches("lk_[a-z0-9]{14}:[0-9a-f]{64}").doesNotContain(ApiKeySecrets.parse(key.plaintext()).secret());
        assertThat(ApiKeySecrets.Stored.ofDigest(stored.digest())).isEqualTo(stored);
        assertThat(ApiKeySecrets.Stored.ofDigest(key.secretHashHex())).isNull();
        assertThat(ApiKeySecrets.Stored.ofDigest(stored.digest().toUpperCase())).isNull();
        assertThat(ApiKeySecrets.Stored.ofKey("not a key")).isNull();
    }

    @Test
    void the_mask_shows_only_the_public_id_and_has_the_key_length() {
        ApiKeySecrets.Generated key = secrets.generate();
        String masked = ApiKeySecrets.mask(key.keyId());
        assertThat(masked).hasSize(ApiKeySecrets.LENGTH).startsWith("lk_" + key.keyId() + "_").endsWith("*".repeat(49));
        assertThat(masked).doesNotContain(ApiKeySecrets.parse(key.plaintext()).secret());
    }

    @Test
    void keys_and_ids_do_not_repeat_and_secrets_use_the_whole_alphabet() {
        Set<String> ids = new HashSet<>();
        Set<Character> seen = new HashSet<>();
        for (int i = 0; i < 2000; i++) {
            ApiKeySecrets.Generated key = secrets.generate();
            assertThat(ids.add(key.keyId())).isTrue();
            for (char c : ApiKeySecrets.parse(key.plaintext()).secret().toCharArray()) seen.add(c);
        }
        assertThat(seen).hasSize(62);
    }

    @Test
    void to_string_never_shows_the_secret() {
        ApiKeySecrets.Generated key = secrets.generate();
        assertThat(key.toString()).doesNotContain(key.plaintext()).doesNotContain(key.secretHashHex());
        assertThat(ApiKeySecrets.parse(key.plaintext()).toString()).doesNotContain(ApiKeySecrets.parse(key.plaintext()).secret());
    }
}
