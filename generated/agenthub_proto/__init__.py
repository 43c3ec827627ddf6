"""Generated gRPC/protobuf code for agenthub (package agenthub.v1). Do not edit."""
