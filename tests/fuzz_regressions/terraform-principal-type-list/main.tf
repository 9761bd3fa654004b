data "aws_iam_policy_document" "p" {
  statement {
    actions   = ["*"]
    resources = ["*"]
    principals {
      type        = [[]]
      identifiers = ["*"]
    }
  }
}

resource "aws_iam_policy" "p" {
  policy = data.aws_iam_policy_document.p.json
}
