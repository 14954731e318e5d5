package io.medsum.local.bedrock;

import io.medsum.local.bedrock.SummarizingModel.Generation;

/** A successful model operation: the JSON body and what the generation cost, for usage headers. */
record ModelReply(byte[] body, Generation generation) {}
