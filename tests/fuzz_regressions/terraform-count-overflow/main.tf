resource "aws_s3_bucket_acl" "site" {
  count  = 1e309
  bucket = "site"
  acl    = "public-read"
}
