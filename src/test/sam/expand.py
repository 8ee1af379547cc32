#!/usr/bin/env python3
"""Expands template.yaml's SAM transform as `sam deploy` would, offline, and prints the result.

    python3 src/test/sam/expand.py template.yaml [--region eu-west-1] [--account 123456789012]
        [--param Name=Value ...]

Uses aws-sam-translator (the library CloudFormation's AWS::Serverless transform runs). A local
CodeUri becomes an S3 URI first, as `sam package` does; managed policy names map to their ARNs
without an IAM call. Parameter values given with --param are passed to the translator, which
resolves them where SAM itself does (for example FunctionUrlConfig.AuthType); everything else
stays an intrinsic for CloudFormation. The JSON goes to standard output.
"""
import argparse
import json
import os
import sys

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse


class ManagedPolicies:
    """Maps AWS managed policy names to ARNs, as the translator's IAM lookup would."""

    def __init__(self, partition):
        self.partition = partition

    def load(self):
        return {}

    def __getitem__(self, name):
        return "arn:%s:iam::aws:policy/service-role/%s" % (self.partition, name)

    def get(self, name, default=None):
        return self[name]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("template")
    parser.add_argument("--region", default="eu-west-1")
    parser.add_argument("--account", default="123456789012")
    parser.add_argument("--param", action="append", default=[])
    args = parser.parse_args()
    os.environ.setdefault("AWS_DEFAULT_REGION", args.region)
    with open(args.template) as f:
        document = yaml_parse(f.read())
    for resource in document.get("Resources", {}).values():
        props = resource.get("Properties", {})
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str) \
                and not props["CodeUri"].startswith("s3://"):
            props["CodeUri"] = "s3://ddns-artifacts/ddns-lambda.zip"
    parameters = {
        "AWS::Region": args.region,
        "AWS::Partition": "aws",
        "AWS::AccountId": args.account,
    }
    for pair in args.param:
        name, _, value = pair.partition("=")
        parameters[name] = value
    expanded = transform(document, parameters, ManagedPolicies("aws"))
    json.dump(expanded, sys.stdout, indent=1, sort_keys=True, default=str)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
