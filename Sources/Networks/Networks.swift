// Module Networks: layers with forward and backward passes, the architectures PreIndex ships
// (mlp, cnn, vgg-mini, resnet-mini, resnet18), losses, optimisers, learning-rate schedules, the
// training loop, and model files (.safetensors with the architecture in the metadata).
//
// Every Conv2d and Linear carries a stable PyTorch-style name (`layer4.1.conv2`), so parameters
// map 1:1 to a PyTorch `state_dict` and module Measures can address layers by name. Layers are
// values: a `Model` can be copied (copy-on-write) and trained without affecting the copy.
