package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Protobuf request bodies as kubectl 1.32 sends them for {@code kubectl create configmap}. */
class ProtobufTest {
    /** {@code kubectl create configmap settings --from-literal=a=b}, captured from kubectl v1.32.4. */
    private static final String CREATE_CONFIGMAP = "6b3873000a0f0a0276311209436f6e6669674d61701222"
            + "0a180a0873657474696e677312001a0022002a00320038004200120" + "60a0161120162" + "1a002200";

    @Test
    void decodesKubectlsConfigMap() {
        byte[] body = HexFormat.of().parseHex(CREATE_CONFIGMAP);
        assertThat(Protobuf.decode(body).toString()).as("empty and zero values are left out, as JSON's omitempty does")
                .isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"settings\"},"
                        + "\"data\":{\"a\":\"b\"}}");
    }

    @Test
    void refusesWhatItCannotDecode() {
        assertThatThrownBy(() -> Protobuf.decode("{}".getBytes())).hasMessageStartingWith(
                "provided data does not appear to be a protobuf message");
        byte[] deployment = HexFormat.of().parseHex("6b3873000a150a07617070732f7631120a4465706c6f796d656e741200");
        assertThatThrownBy(() -> Protobuf.decode(deployment)).isInstanceOfSatisfying(KubeApiException.class,
                e -> assertThat(e.code()).isEqualTo(415));
    }
}
