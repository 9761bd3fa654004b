locals {
  azs     = 5
  subnets = [for k, v in local.azs : v]
}

resource "aws_subnet" "s" {
  count      = length(local.subnets)
  cidr_block = local.subnets[count.index]
}
