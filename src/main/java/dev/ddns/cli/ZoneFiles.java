package dev.ddns.cli;

import dev.ddns.adapter.dns.ZoneContent;
import dev.ddns.core.model.Node;
import dev.ddns.core.model.RecordSet;
import dev.ddns.core.model.SerialPolicy;
import dev.ddns.core.port.ZoneReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Zone files (RFC 1035 §5, BIND syntax) in and out, through dnsjava. */
final class ZoneFiles {
  private ZoneFiles() {}

  /**
   * Reads every record of {@code file} and builds the zone; nothing is written anywhere. Errors
   * name the file and, for syntax errors, the line.
   *
   * @param origin the origin for relative names before any {@code $ORIGIN}, and the zone the
   *     file must hold; null: names must be absolute and the SOA owner is the zone
   */
  static ZoneContent read(Path file, Name origin, SerialPolicy policy, Progress progress) {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new CliException("zone file " + file + " does not exist");
    } catch (IOException e) {
      throw new CliException("cannot read zone file " + file + ": " + e.getMessage(), e);
    }
    List<Record> records = new ArrayList<>();
    try (CountingStream in = new CountingStream(
            new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16));
        Master master = origin == null ? new Master(in) : new Master(in, origin)) {
      master.expandGenerate(true);
      for (Record r = master.nextRecord(); r != null; r = master.nextRecord()) {
        if (r.getDClass() != DClass.IN) {
          throw new CliException(file + ": " + r.getName() + " " + Type.string(r.getType())
              + ": class " + DClass.string(r.getDClass()) + "; only IN records belong in a zone");
        }
        records.add(r);
        if (progress != null && (records.size() & 1023) == 0) {
          progress.update(records.size(), size > 0 ? (double) in.count / size : -1);
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof CliException) {
        throw (CliException) e;
      }
      throw new CliException(syntaxError(file, e), e);
    }
    if (progress != null) {
      progress.update(records.size(), 1.0);
      progress.finish();
    }
    if (records.isEmpty()) {
      throw new CliException("zone file " + file + " holds no records");
    }
    ZoneContent content;
    try {
      content = ZoneContent.of(records, policy);
    } catch (IllegalArgumentException e) {
      throw new CliException("zone file " + file + ": " + e.getMessage(), e);
    }
    if (origin != null && !content.head().zone().equals(origin)) {
      throw new CliException("zone file " + file + " holds zone " + content.head().zone()
          + ", not " + origin);
    }
    return content;
  }

  /**
   * dnsjava's parse errors read {@code <source>:<line>: <problem>}; the source of a stream is not
   * the file's name, so this puts the file's name there.
   */
  private static String syntaxError(Path file, Exception e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^.*?:(\\d+): (.*)$", java.util.regex.Pattern.DOTALL)
            .matcher(text);
    if (m.matches()) {
      return file + ":" + m.group(1) + ": " + m.group(2).strip();
    }
    return "cannot read zone file " + file + ": " + text;
  }

  /**
   * Writes the zone as a zone file: a comment naming zone and serial, the SOA, then every RRset
   * in canonical order (RFC 4034 §6.1), one record per line with absolute names.
   *
   * @return the number of records written
   */
  static long write(ZoneReader zone, Writer out) throws IOException {
    Name apex = zone.head().zone();
    out.write("; zone " + apex + " serial " + zone.head().serial() + ", exported by ddns\n");
    out.write("$ORIGIN " + apex + "\n");
    long count = 0;
    Iterator<Node> nodes = zone.nodes().iterator();
    while (nodes.hasNext()) {
      Node node = nodes.next();
      if (node.name().equals(apex)) {
        RecordSet soa = node.rrset(Type.SOA).orElseThrow(
            () -> new CliException("zone " + apex + " has no SOA record"));
        count += writeSet(soa, out);
      }
      for (RecordSet set : node.rrsets()) {
        if (!(set.type() == Type.SOA && node.name().equals(apex))) {
          count += writeSet(set, out);
        }
      }
    }
    return count;
  }

  /** The records of one RRset, ordered by canonical rdata so output is stable. */
  private static int writeSet(RecordSet set, Writer out) throws IOException {
    List<Record> records = new ArrayList<>(set.records());
    records.sort(Record::compareTo);
    for (Record r : records) {
      out.write(r.toString());
      out.write('\n');
    }
    return records.size();
  }

  /** Counts bytes read, for a percentage of the file. */
  private static final class CountingStream extends FilterInputStream {
    private long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
