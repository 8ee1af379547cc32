package dev.ddns.cli;

import dev.ddns.core.port.StoreException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Turns exceptions into the one line a command prints: what failed and, where known, why. */
final class Failures {
  private Failures() {}

  /**
   * One line for {@code e}; {@code where} names the DynamoDB endpoint and table the command used
   * (empty when it used none).
   */
  static String describe(Throwable e, StoreOptions where) {
    if (e instanceof CliException || e instanceof IllegalArgumentException
        || e instanceof IllegalStateException) {
      return message(e);
    }
    String endpoint = where == null ? "DynamoDB" : where.describeEndpoint();
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ResourceNotFoundException) {
        String table = where == null ? "the table" : "table " + where.table;
        return table + " does not exist at " + endpoint + " (ddns local creates it; on AWS "
            + "deploy template.yaml, or add --create-table to 'zone create' or 'zone import')";
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException || t instanceof SocketTimeoutException) {
        return "cannot reach " + endpoint + ": " + message(t);
      }
      if (t instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
        return endpoint + ": " + aws.awsErrorDetails().errorMessage() + " ("
            + aws.awsErrorDetails().errorCode() + ", HTTP " + aws.statusCode() + ")";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SdkClientException client) {
        String text = message(client);
        if (text.contains("Unable to load region")) {
          return "no AWS region: give --region, or set AWS_REGION or a profile's region";
        }
        if (text.contains("Unable to load credentials")) {
          return "no AWS credentials: set AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
              + "or run 'aws configure' or 'aws sso login'";
        }
        return endpoint + ": " + firstLine(text);
      }
    }
    if (e instanceof StoreException) {
      return firstLine(message(e));
    }
    return message(e);
  }

  private static String message(Throwable t) {
    String text = t.getMessage();
    return text == null || text.isBlank() ? t.getClass().getSimpleName() : firstLine(text);
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }
}
