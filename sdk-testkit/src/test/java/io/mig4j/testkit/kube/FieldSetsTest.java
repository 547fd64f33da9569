package io.mig4j.testkit.kube;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one-walk {@link FieldSets#subtract} and {@link FieldSets#retainExisting} against their definition: removing
 * each leaf with {@link FieldSets#removeLeaf} (and, for retain, each leaf whose value is gone), on seeded random
 * field sets and objects with fields, keyed items ({@code k:}) and set items ({@code v:}).
 */
class FieldSetsTest {
    private static final String[] FIELDS = {"f:a", "f:b", "f:c"};

    @Test
    void subtractEqualsRemovingEachLeaf() {
        Random random = new Random(20261127);
        for (int i = 0; i < 3_000; i++) {
            ObjectNode from = randomSet(random, 0);
            ObjectNode remove = randomSet(random, 0);
            ObjectNode expected = from.deepCopy();
            for (List<String> leaf : FieldSets.leaves(remove)) {
                FieldSets.removeLeaf(expected, leaf);
            }
            ObjectNode actual = from.deepCopy();
            FieldSets.subtract(actual, remove);
            assertThat(actual).as("%s minus %s", from, remove).isEqualTo(expected);
        }
    }

    @Test
    void retainExistingEqualsDroppingEachLeafWhoseValueIsGone() {
        Random random = new Random(11272026);
        for (int i = 0; i < 3_000; i++) {
            ObjectNode set = randomSet(random, 0);
            JsonNode object = randomObject(random, 0);
            ObjectNode expected = set.deepCopy();
            for (List<String> leaf : FieldSets.leaves(set)) {
                if (FieldSets.valueAt(object, leaf) == null) {
                    FieldSets.removeLeaf(expected, leaf);
                }
            }
            ObjectNode actual = set.deepCopy();
            FieldSets.retainExisting(actual, object);
            assertThat(actual).as("%s kept against %s", set, object).isEqualTo(expected);
        }
    }

    @Test
    void aFieldOwnedWholeIsNotRemovedBySubtractingMembersBelowIt() {
        ObjectNode owned = parse("{\"f:spec\":{\"f:x\":{}}}");
        FieldSets.subtract(owned, parse("{\"f:spec\":{\"f:x\":{\"f:y\":{}}}}"));
        assertThat(owned).isEqualTo(parse("{\"f:spec\":{\"f:x\":{}}}"));
    }

    @Test
    void retainDropsKeyedItemsThatAreGoneAndTheParentsThatLeavesEmpty() {
        ObjectNode set = parse("{\"f:status\":{\"f:conditions\":{\"k:{\\\"type\\\":\\\"Ready\\\"}\":{\".\":{},"
                + "\"f:status\":{}}}},\"f:spec\":{\"f:x\":{}}}");
        FieldSets.retainExisting(set, parse("{\"status\":{\"conditions\":[{\"type\":\"Other\"}]},\"spec\":{\"x\":1}}"));
        assertThat(set).isEqualTo(parse("{\"f:spec\":{\"f:x\":{}}}"));
    }

    private static ObjectNode parse(String json) {
        return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode randomSet(Random random, int depth) {
        ObjectNode set = Json.object();
        int members = depth >= 3 ? 0 : random.nextInt(4);
        for (int i = 0; i < members; i++) {
            String pe = switch (random.nextInt(6)) {
                case 0 -> ".";
                case 1 -> "k:{\"name\":\"" + (char) ('p' + random.nextInt(2)) + "\"}";
                case 2 -> "v:" + random.nextInt(2);
                default -> FIELDS[random.nextInt(FIELDS.length)];
            };
            set.set(pe, pe.equals(".") || random.nextInt(3) == 0 ? Json.object() : randomSet(random, depth + 1));
        }
        return set;
    }

    private static JsonNode randomObject(Random random, int depth) {
        if (depth >= 3 || random.nextInt(5) == 0) {
            return Json.object().numberNode(random.nextInt(2));
        }
        if (random.nextInt(3) == 0) {
            ArrayNode list = Json.array();
            for (int i = random.nextInt(3); i > 0; i--) {
                if (random.nextBoolean()) {
                    list.add(random.nextInt(2));
                } else {
                    ObjectNode item = list.addObject();
                    item.put("name", String.valueOf((char) ('p' + random.nextInt(2))));
                    for (String f : FIELDS) {
                        if (random.nextBoolean()) {
                            item.set(f.substring(2), randomObject(random, depth + 1));
                        }
                    }
                }
            }
            return list;
        }
        ObjectNode object = Json.object();
        for (String f : FIELDS) {
            if (random.nextBoolean()) {
                object.set(f.substring(2), randomObject(random, depth + 1));
            }
        }
        return object;
    }
}
