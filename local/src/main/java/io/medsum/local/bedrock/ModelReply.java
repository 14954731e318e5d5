package io.medsum.local.bedrock;

import io.medsum.local.bedrock.SummarizingModel.Generation;

/** A successful model operation: the JSON body, and the generation behind it for the call counters. */
record ModelReply(byte[] body, Generation generation) {}
