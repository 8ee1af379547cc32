package dev.ddns.adapter.dynamodb;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;

/**
 * Stream records read with the SDK's DynamoDB Streams client, as the {@link DynamodbEvent} that
 * Lambda's event source mapping would deliver for them, so that {@code ddns local} drives the
 * NOTIFY function through the same code path as Lambda does.
 */
public final class StreamEvents {
  private StreamEvents() {}

  /** The event for {@code records} of the stream {@code streamArn}, in their order. */
  public static DynamodbEvent of(
      List<software.amazon.awssdk.services.dynamodb.model.Record> records, String streamArn) {
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(records.stream().map(r -> record(r, streamArn)).toList());
    return event;
  }

  private static DynamodbStreamRecord record(
      software.amazon.awssdk.services.dynamodb.model.Record sdk, String streamArn) {
    DynamodbStreamRecord record = new DynamodbStreamRecord();
    record.setEventID(sdk.eventID());
    record.setEventName(sdk.eventNameAsString());
    record.setEventVersion(sdk.eventVersion());
    record.setEventSource(sdk.eventSource());
    record.setAwsRegion(sdk.awsRegion());
    record.setEventSourceARN(streamArn);
    var in = sdk.dynamodb();
    StreamRecord stream = new StreamRecord();
    stream.setSequenceNumber(in.sequenceNumber());
    stream.setSizeBytes(in.sizeBytes());
    stream.setStreamViewType(
        com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.fromValue(
            in.streamViewTypeAsString()));
    if (in.approximateCreationDateTime() != null) {
      stream.setApproximateCreationDateTime(Date.from(in.approximateCreationDateTime()));
    }
    stream.setKeys(image(in.keys()));
    if (in.hasNewImage()) {
      stream.setNewImage(image(in.newImage()));
    }
    if (in.hasOldImage()) {
      stream.setOldImage(image(in.oldImage()));
    }
    record.setDynamodb(stream);
    return record;
  }

  private static Map<String, AttributeValue> image(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> sdk) {
    Map<String, AttributeValue> out = new HashMap<>();
    sdk.forEach((name, value) -> out.put(name, value(value)));
    return out;
  }

  private static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
    AttributeValue out = new AttributeValue();
    switch (v.type()) {
      case S -> out.setS(v.s());
      case N -> out.setN(v.n());
      case B -> out.setB(v.b().asByteBuffer());
      case SS -> out.setSS(v.ss());
      case NS -> out.setNS(v.ns());
      case BS -> out.setBS(v.bs().stream().map(SdkBytes::asByteBuffer).toList());
      case M -> out.setM(image(v.m()));
      case L -> out.setL(v.l().stream().map(StreamEvents::value).toList());
      case BOOL -> out.setBOOL(v.bool());
      case NUL -> out.setNULL(v.nul());
      default -> throw new IllegalArgumentException("unknown attribute type in stream: " + v);
    }
    return out;
  }
}
