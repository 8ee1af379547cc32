package dev.ddns.core.port;

import dev.ddns.core.tsig.TsigKey;
import java.util.Optional;
import org.xbill.DNS.Name;

/** Where TSIG keys come from. Names compare case-insensitively, as DNS names do. */
public interface KeyStore {
  Optional<TsigKey> find(Name keyName);
}
