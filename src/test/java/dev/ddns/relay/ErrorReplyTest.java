package dev.ddns.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Update;

class ErrorReplyTest {

  @Test
  void servfailKeepsIdOpcodeAndZoneOfAnUpdate() throws IOException {
    Update update = new Update(Name.fromConstantString("example.test."));
    update.getHeader().setID(4242);
    Message reply = new Message(ErrorReply.servfail(update.toWire()).orElseThrow());
    assertEquals(4242, reply.getHeader().getID());
    assertEquals(Opcode.UPDATE, reply.getHeader().getOpcode());
    assertEquals(Rcode.SERVFAIL, reply.getRcode());
    assertTrue(reply.getHeader().getFlag(Flags.QR));
    assertEquals(Type.SOA, reply.getQuestion().getType());
    assertEquals("example.test.", reply.getQuestion().getName().toString());
  }

  @Test
  void formerrCopiesTheQuestionAndRd() throws IOException {
    Message query = Message.newQuery(Record.newRecord(
        Name.fromConstantString("www.example.test."), Type.A, DClass.IN));
    Message reply = new Message(ErrorReply.formerr(query.toWire()).orElseThrow());
    assertEquals(query.getHeader().getID(), reply.getHeader().getID());
    assertEquals(Rcode.FORMERR, reply.getRcode());
    assertTrue(reply.getHeader().getFlag(Flags.RD));
    assertEquals(query.getQuestion(), reply.getQuestion());
  }

  @Test
  void truncatedIsAnEmptyNoErrorAnswerWithTc() throws IOException {
    Message query = Message.newQuery(Record.newRecord(
        Name.fromConstantString("www.example.test."), Type.TXT, DClass.IN));
    query.getHeader().setID(77);
    Message reply = new Message(ErrorReply.truncated(query.toWire()).orElseThrow());
    assertEquals(77, reply.getHeader().getID());
    assertEquals(Rcode.NOERROR, reply.getRcode());
    assertTrue(reply.getHeader().getFlag(Flags.QR));
    assertTrue(reply.getHeader().getFlag(Flags.TC));
    assertEquals(query.getQuestion(), reply.getQuestion());
    assertEquals(0, reply.getSection(Section.ANSWER).size());
  }

  @Test
  void errorsAreNotTruncated() throws IOException {
    Message query = Message.newQuery(Record.newRecord(
        Name.fromConstantString("www.example.test."), Type.A, DClass.IN));
    Message reply = new Message(ErrorReply.formerr(query.toWire()).orElseThrow());
    assertEquals(false, reply.getHeader().getFlag(Flags.TC));
  }

  @Test
  void garbleAfterTheHeaderStillGetsAnAnswer() throws IOException {
    byte[] request = new byte[20];
    Arrays.fill(request, (byte) 0x7f);
    Message reply = new Message(ErrorReply.servfail(request).orElseThrow());
    assertEquals(0x7f7f, reply.getHeader().getID());
    assertEquals(0, reply.getSection(Section.QUESTION).size());
  }

  @Test
  void responsesGetNoAnswerSoNoTwoServersBounceErrors() {
    byte[] response = new byte[20];
    Arrays.fill(response, (byte) 0xff);
    assertTrue(ErrorReply.formerr(response).isEmpty());
    assertTrue(ErrorReply.servfail(response).isEmpty());
    assertTrue(ErrorReply.truncated(response).isEmpty());
  }

  @Test
  void requestShorterThanAHeaderGetsNothing() {
    assertTrue(ErrorReply.servfail(new byte[11]).isEmpty());
  }
}
