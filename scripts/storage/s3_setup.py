"""Prepares a moto_server started with signature checking on (INITIAL_NO_AUTH_ACTION_COUNT=6).

The first six requests go through unauthenticated: they create an IAM user, its access key, a
policy allowing s3:* and the attachment, then a second user with a key and no policy (to see
AccessDenied). Everything after is signed, starting with the test bucket. Prints shell `export`
lines for the tests.
"""
import json
import sys

import boto3

endpoint, region, bucket = sys.argv[1], sys.argv[2], sys.argv[3]

iam = boto3.client("iam", endpoint_url=endpoint, region_name=region,
                   aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap")
iam.create_user(UserName="story-tests")
key = iam.create_access_key(UserName="story-tests")["AccessKey"]
policy = iam.create_policy(
    PolicyName="story-tests-s3",
    PolicyDocument=json.dumps({"Version": "2012-10-17",
                               "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}),
)["Policy"]
iam.attach_user_policy(UserName="story-tests", PolicyArn=policy["Arn"])
iam.create_user(UserName="story-tests-denied")
denied = iam.create_access_key(UserName="story-tests-denied")["AccessKey"]

s3 = boto3.client("s3", endpoint_url=endpoint, region_name=region,
                  aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})

# Signature checking must be on now: a wrong secret is refused.
bad = boto3.client("s3", endpoint_url=endpoint, region_name=region,
                   aws_access_key_id=key["AccessKeyId"], aws_secret_access_key="wrong")
try:
    bad.list_objects_v2(Bucket=bucket)
    sys.exit("moto accepted a wrong secret: signature checking is off")
except bad.exceptions.ClientError as error:
    assert error.response["Error"]["Code"] == "SignatureDoesNotMatch", error.response

print(f"export S3_TEST_ENDPOINT={endpoint}")
print(f"export S3_TEST_ACCESS_KEY_ID={key['AccessKeyId']}")
print(f"export S3_TEST_SECRET_ACCESS_KEY={key['SecretAccessKey']}")
print(f"export S3_TEST_BUCKET={bucket}")
print(f"export S3_TEST_REGION={region}")
print(f"export S3_TEST_DENIED_ACCESS_KEY_ID={denied['AccessKeyId']}")
print(f"export S3_TEST_DENIED_SECRET_ACCESS_KEY={denied['SecretAccessKey']}")
