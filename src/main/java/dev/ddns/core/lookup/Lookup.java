package dev.ddns.core.lookup;

import dev.ddns.core.model.Node;

/** Where a name lookup in one zone ends (RFC 1034 §4.3.2 step 3, with RFC 4592 and RFC 6672). */
public sealed interface Lookup {

  /** The name is at or below a zone cut: {@code cut} holds the delegation's NS RRset. */
  record Delegation(Node cut) implements Lookup {}

  /** The name is below {@code owner}, which holds a DNAME: the name is redirected (RFC 6672 §3). */
  record Redirection(Node owner) implements Lookup {}

  /**
   * The name exists: {@code node} is the node at the name, or the wildcard that synthesises it
   * (RFC 4592 §3.3.1), whose owner is then the wildcard name.
   */
  record Found(Node node) implements Lookup {}

  /** The name owns no records but names below it do (RFC 8020): it exists, with no data. */
  record EmptyNonTerminal() implements Lookup {}

  /** The name does not exist and no wildcard covers it. */
  record NoSuchName() implements Lookup {}
}
