package dev.aetheris.server.compact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A shared entry list goes back to the pool only when its last holder lets go, and is never rebuilt while held. */
class EntryListsTest {
    private final EntryLists lists = new EntryLists();

    @Test
    void aListHeldTwiceIsReusedOnlyAfterBothLetGo() {
        EntryList a = lists.take();
        a.clear(1);
        a.add(7, 0, 3, 1);
        a.seal();
        EntryLists.hold(a); // a second client holds it
        lists.letGo(a);
        EntryList b = lists.take();
        assertThat(b).as("still held by one: not handed out again").isNotSameAs(a);
        assertThat(a.count).isEqualTo(1);
        lists.letGo(a);
        assertThat(lists.take()).as("back in the pool once the last holder let go").isSameAs(a);
    }

    @Test
    void sameBuildCompareByIdAndOtherBuildsEntryByEntry() {
        EntryList a = built(1, 10, 20);
        EntryList copy = lists.take();
        copy.clear(2);
        copy.copyFirst(a, 2);
        copy.seal();
        assertThat(copy.hash).as("a copy hashes as its original").isEqualTo(a.hash);
        assertThat(EntryList.sameEntries(a, copy)).isTrue();
        EntryList half = lists.take();
        half.clear(5);
        half.copyFirst(a, 1);
        assertThat(EntryList.sameEntries(a, half)).isFalse();
        EntryList other = built(3, 10, 20);
        assertThat(EntryList.sameEntries(a, other)).as("equal entries of another build").isTrue();
        assertThat(EntryList.sameEntries(a, built(4, 10, 21))).isFalse();
    }

    @Test
    void aHeldListCannotBeBuiltAgainNorAFinishedOneAddedTo() {
        EntryList a = built(1, 10);
        assertThatThrownBy(() -> a.add(11, 2, 5, 1)).isInstanceOf(AssertionError.class);
        EntryLists.hold(a);
        assertThatThrownBy(() -> a.clear(2)).isInstanceOf(AssertionError.class);
        lists.letGo(a);
        lists.letGo(a);
        assertThatThrownBy(() -> lists.letGo(a)).as("let go of more often than held").isInstanceOf(AssertionError.class);
    }

    private EntryList built(long build, long... ids) {
        EntryList l = lists.take();
        l.clear(build);
        for (int i = 0; i < ids.length; i++) {
            l.add(ids[i], i, 5, 1);
        }
        l.seal();
        return l;
    }
}
